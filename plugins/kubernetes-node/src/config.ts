import { Config } from '@backstage/config';
import fs from 'node:fs';
import { z } from 'zod';

/**
 * How Paasport authenticates to a cluster.
 *
 * @public
 */
export type KubernetesClusterAuth =
  | { type: 'bearerToken'; token: string }
  | {
      type: 'clientCertificate';
      /** Base64 PEM, as in a kubeconfig. */
      certData: string;
      /** Base64 PEM, as in a kubeconfig. */
      keyData: string;
    };

/**
 * One cluster, read from Backstage's `kubernetes.clusterLocatorMethods`
 * (type `config`) and `paasport.clusters.<name>`.
 *
 * @public
 */
export interface KubernetesClusterConfig {
  name: string;
  title?: string;
  /** The API server URL. */
  url: string;
  auth: KubernetesClusterAuth;
  /** Base64 PEM of the CA that signed the API server certificate. */
  caData?: string;
  /** Path of a PEM file with that CA. */
  caFile?: string;
  skipTLSVerify: boolean;
  /** `paasport.clusters.<name>.prometheusUrl`: this cluster's Prometheus. */
  prometheusUrl?: string;
}

const AUTH_PROVIDER_KEY = 'kubernetes.io/auth-provider';

const nonEmpty = z.string().trim().min(1);
const httpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an http(s) URL',
});

// Mirrors what Backstage's ConfigClusterLocator reads; keys Paasport does not use
// (customResources, dashboards, ...) are allowed and ignored.
const clusterSchema = z
  .object({
    name: nonEmpty.regex(/^[^/\s]+$/, 'must not contain "/" or spaces'),
    title: z.string().optional(),
    url: httpUrl,
    authProvider: nonEmpty.optional(),
    authMetadata: z.record(z.string(), z.unknown()).optional(),
    serviceAccountToken: nonEmpty.optional(),
    clientCertData: nonEmpty.optional(),
    clientKeyData: nonEmpty.optional(),
    caData: nonEmpty.optional(),
    caFile: nonEmpty.optional(),
    skipTLSVerify: z.boolean().optional(),
  })
  .loose();

type RawCluster = z.infer<typeof clusterSchema>;

const prometheusSchema = z.record(
  z.string(),
  z.object({ prometheusUrl: httpUrl.optional() }).loose(),
);

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map(i => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ');
}

function metadataString(raw: RawCluster, key: string): string | undefined {
  const value = raw.authMetadata?.[key];
  return typeof value === 'string' && value.trim() ? value : undefined;
}

function resolveAuth(raw: RawCluster, where: string): KubernetesClusterAuth {
  const provider =
    metadataString(raw, AUTH_PROVIDER_KEY) ?? raw.authProvider ?? undefined;
  if (!provider) {
    throw new Error(
      `${where}: no auth provider; set 'authProvider' (e.g. serviceAccount)`,
    );
  }
  const token =
    metadataString(raw, 'serviceAccountToken') ?? raw.serviceAccountToken;
  if (token) {
    return { type: 'bearerToken', token };
  }
  const certData = metadataString(raw, 'clientCertData') ?? raw.clientCertData;
  const keyData = metadataString(raw, 'clientKeyData') ?? raw.clientKeyData;
  if (certData && keyData) {
    return { type: 'clientCertificate', certData, keyData };
  }
  if (certData || keyData) {
    throw new Error(
      `${where}: client certificates need both clientCertData and clientKeyData`,
    );
  }
  // In-cluster and cloud (google, aws, oidc, ...) credentials are per request
  // or per pod; Paasport's background watches need static credentials.
  throw new Error(
    `${where}: authProvider '${provider}' has no static credentials; ` +
      `set serviceAccountToken, or clientCertData and clientKeyData`,
  );
}

function toClusterConfig(
  value: unknown,
  where: string,
): KubernetesClusterConfig {
  const parsed = clusterSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`Invalid ${where}: ${formatIssues(parsed.error)}`);
  }
  const raw = parsed.data;
  const named = `${where} ('${raw.name}')`;
  const skipTLSVerify = raw.skipTLSVerify ?? false;
  if (raw.url.startsWith('http:') && !skipTLSVerify) {
    throw new Error(
      `Invalid ${named}: plain http URLs need skipTLSVerify: true`,
    );
  }
  if (raw.caFile && !fs.existsSync(raw.caFile)) {
    throw new Error(`Invalid ${named}: caFile ${raw.caFile} does not exist`);
  }
  return {
    name: raw.name,
    ...(raw.title && { title: raw.title }),
    url: raw.url.replace(/\/+$/, ''),
    auth: resolveAuth(raw, `Invalid ${named}`),
    ...(raw.caData && { caData: raw.caData }),
    ...(raw.caFile && { caFile: raw.caFile }),
    skipTLSVerify,
  };
}

/**
 * Reads and validates every cluster of the `config` cluster locators in
 * `kubernetes.clusterLocatorMethods`, joined with
 * `paasport.clusters.<name>.prometheusUrl`.
 *
 * @remarks
 * Other locator types (catalog, gke, localKubectlProxy) are skipped: they
 * resolve clusters per request, which Paasport's caches cannot follow.
 * Throws an error naming the offending config key when something is wrong.
 *
 * @public
 */
export function readKubernetesClusterConfigs(
  config: Config,
): KubernetesClusterConfig[] {
  const clusters: KubernetesClusterConfig[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, m) => {
    if (method.getOptionalString('type') !== 'config') {
      return;
    }
    const entries = method.getOptional('clusters') ?? [];
    if (!Array.isArray(entries)) {
      throw new Error(
        `Invalid kubernetes.clusterLocatorMethods[${m}].clusters: must be a list`,
      );
    }
    entries.forEach((entry, c) => {
      const where = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      const cluster = toClusterConfig(entry, where);
      if (clusters.some(other => other.name === cluster.name)) {
        throw new Error(`Duplicate cluster name '${cluster.name}' at ${where}`);
      }
      clusters.push(cluster);
    });
  });

  const extra = prometheusSchema.safeParse(
    config.getOptional('paasport.clusters') ?? {},
  );
  if (!extra.success) {
    throw new Error(`Invalid paasport.clusters: ${formatIssues(extra.error)}`);
  }
  for (const [name, settings] of Object.entries(extra.data)) {
    const cluster = clusters.find(c => c.name === name);
    if (!cluster) {
      throw new Error(
        `paasport.clusters.${name} names no cluster of kubernetes.clusterLocatorMethods (type config)`,
      );
    }
    if (settings.prometheusUrl) {
      cluster.prometheusUrl = settings.prometheusUrl.replace(/\/+$/, '');
    }
  }
  return clusters;
}
