import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import { until } from './until';

// Test tooling that always runs from the source tree, never from a production build.
// eslint-disable-next-line no-restricted-syntax
const devclusterBin = path.resolve(__dirname, '../bin/devcluster');

/**
 * The variables `devcluster env` prints: KUBECONFIG (admin contexts per cluster
 * and `<cluster>-portal` contexts with the portal's token),
 * PAASPORT_DEVCLUSTER_CONFIG (the Backstage config fragment), the kubectl path
 * and the cluster names.
 *
 * @public
 */
export function devclusterEnv(): Record<string, string> {
  const out = execFileSync('bash', [devclusterBin, 'env'], {
    encoding: 'utf8',
  });
  return Object.fromEntries(
    out
      .split('\n')
      .map(line => /^export (\w+)="?(.*?)"?$/.exec(line))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map(m => [m[1], m[2]]),
  );
}

/**
 * Starts the local clusters, or reuses them when they already run (a few
 * seconds). Used as a jest global setup by integration tests that need them.
 *
 * @public
 */
export function ensureDevclusterUp() {
  execFileSync('bash', [devclusterBin, 'up'], { stdio: 'inherit' });
}

/**
 * The running clusters as the portal sees them: the Backstage config fragment
 * `devcluster up` generated (parsed) and the admin kubeconfig's path. Throws,
 * so that tests fail loudly, when the clusters were never set up.
 *
 * @public
 */
export function readDevclusterConfig(): {
  data: Record<string, any>;
  kubeconfigPath: string;
} {
  const env = devclusterEnv();
  const file = env.PAASPORT_DEVCLUSTER_CONFIG;
  if (!file || !fs.existsSync(file)) {
    throw new Error(
      `No devcluster config at '${file}': start the clusters (packages/devcluster/bin/devcluster up)`,
    );
  }
  return {
    data: YAML.parse(fs.readFileSync(file, 'utf8')),
    kubeconfigPath: env.KUBECONFIG,
  };
}

/**
 * The clusters' kubeconfig with `context` current: `<cluster>` is the admin
 * (client certificate), `<cluster>-portal` the portal's token. For test set-up
 * and checks.
 *
 * @public
 */
export async function devclusterKubeConfig(
  context: string,
): Promise<KubeConfig> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(readDevclusterConfig().kubeconfigPath);
  kc.setCurrentContext(context);
  return kc;
}

/** The portal's ServiceAccount, as RBAC subjects and the audit log name it. */
const PORTAL_ACCOUNT = {
  namespace: 'paasport-system',
  name: 'paasport-portal',
};

/**
 * The objects of a team namespace as Paasport's namespace action makes them
 * (seed/README "Three identities"): the Namespace labelled
 * `paasport.io/team=<team>`, RoleBinding `paasport-team` of the team's group
 * to ClusterRole `paasport-team` (what members may do there), and RoleBinding
 * `paasport-portal-impersonation` of the portal's account (the portal may act
 * for people there at all).
 */
function teamNamespaceObjects(name: string, team: string) {
  const binding = (bindingName: string, subject: Record<string, string>) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: bindingName, namespace: name },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: bindingName,
    },
    subjects: [subject],
  });
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'paasport.io/team': team } },
    },
    binding('paasport-team', {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: `paasport:group:default/${team}`,
    }),
    binding('paasport-portal-impersonation', {
      kind: 'ServiceAccount',
      ...PORTAL_ACCOUNT,
    }),
  ];
}

/**
 * Makes (or completes) a team namespace on the cluster of `context` with the
 * admin kubeconfig, as Paasport's namespace action would: labelled for
 * `team` (`paasport.io/team`), the team's group
 * `paasport:group:default/<team>` bound to ClusterRole `paasport-team`, and
 * the portal allowed to act for people there (RoleBinding
 * `paasport-portal-impersonation`). Idempotent (server-side apply); for test
 * set-up only.
 *
 * @param context - a devcluster cluster name (its admin context), e.g. `dev`
 * @public
 */
export async function createTeamNamespace(
  context: string,
  options: { name: string; team: string },
): Promise<void> {
  const k8s = await loadClientNode();
  const objects = k8s.KubernetesObjectApi.makeApiClient(
    await devclusterKubeConfig(context),
  );
  // In order: the namespace must exist before anything in it.
  for (const object of teamNamespaceObjects(options.name, options.team)) {
    await objects.patch(
      object,
      undefined,
      undefined,
      'devcluster-test',
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
  }
}

/**
 * A team namespace (see {@link createTeamNamespace}) with one bare pod in
 * it, made with the admin kubeconfig of `context`; resolves once kwok runs
 * the pod. For tests that exec into a container; set-up only.
 *
 * @public
 */
export async function startTeamPod(
  context: string,
  options: {
    namespace: string;
    team: string;
    pod: string;
    containers: string[];
    initContainers?: string[];
  },
): Promise<void> {
  const { namespace, team, pod } = options;
  await createTeamNamespace(context, { name: namespace, team });
  const k8s = await loadClientNode();
  const core = (await devclusterKubeConfig(context)).makeApiClient(
    k8s.CoreV1Api,
  );
  const container = (name: string) => ({
    name,
    image: `registry.paasport.dev/it/${name}:1`,
  });
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name: pod },
      spec: {
        ...(options.initContainers && {
          initContainers: options.initContainers.map(container),
        }),
        containers: options.containers.map(container),
      },
    },
  });
  await until(`${namespace}/${pod} Running`, async () =>
    (await core.readNamespacedPod({ namespace, name: pod })).status?.phase ===
    'Running'
      ? true
      : undefined,
  );
}

/**
 * Deletes a namespace with the admin kubeconfig of `context`; one that is
 * already gone is fine. Does not wait for it to terminate.
 *
 * @public
 */
export async function deleteNamespace(
  context: string,
  name: string,
): Promise<void> {
  const k8s = await loadClientNode();
  const core = (await devclusterKubeConfig(context)).makeApiClient(
    k8s.CoreV1Api,
  );
  try {
    await core.deleteNamespace({ name });
  } catch (error) {
    if (kubernetesErrorStatus(error) !== 404) throw error;
  }
}

/**
 * One line of a cluster's audit log, as far as Paasport's tests read it. The
 * devcluster records writes only (create, update, patch, delete,
 * deletecollection) at level Metadata: who, what, and the answer, no bodies.
 *
 * @public
 */
export interface AuditEvent {
  auditID: string;
  stage: string;
  verb: string;
  requestURI: string;
  /** Who authenticated: for the portal, its ServiceAccount. */
  user: { username: string; groups?: string[] };
  /** Whom the request was made as (Impersonate-User / Impersonate-Group). */
  impersonatedUser?: { username: string; groups?: string[] };
  objectRef?: {
    resource?: string;
    subresource?: string;
    namespace?: string;
    name?: string;
    apiGroup?: string;
    apiVersion?: string;
  };
  responseStatus?: { code?: number; reason?: string; message?: string };
  /** RFC 3339 with microseconds. */
  requestReceivedTimestamp: string;
  stageTimestamp?: string;
  annotations?: Record<string, string>;
}

/**
 * Path of a cluster's audit log (`$STATE/clusters/<cluster>/logs/audit.log`,
 * from the rule `devcluster env` prints as PAASPORT_DEVCLUSTER_AUDIT_LOG). The
 * apiserver rotates it into `audit-<time>.log` next to it.
 *
 * @public
 */
export function auditLogPath(cluster: string): string {
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(cluster)) {
    throw new Error(`'${cluster}' is not a devcluster cluster name`);
  }
  const rule = devclusterEnv().PAASPORT_DEVCLUSTER_AUDIT_LOG;
  if (!rule) throw new Error('devcluster env printed no audit log path');
  return rule.replace('{cluster}', cluster);
}

/**
 * The events in a cluster's audit log, oldest first; with `since`, only
 * requests received at or after it. Rotated files are read too (only those
 * written to after `since`). A line the apiserver is still writing is skipped.
 * Events land a moment after the response, so poll when looking for one.
 *
 * @public
 */
export function readAuditEvents(cluster: string, since?: Date): AuditEvent[] {
  const current = auditLogPath(cluster);
  const dir = path.dirname(current);
  if (!fs.existsSync(dir)) {
    throw new Error(
      `No logs for cluster '${cluster}' in ${dir}: start the clusters (packages/devcluster/bin/devcluster up)`,
    );
  }
  // Rotated files are audit-<UTC time>.log, so their names sort by age.
  const files = fs
    .readdirSync(dir)
    .filter(f => /^audit-.+\.log$/.test(f))
    .sort()
    .map(f => path.join(dir, f))
    .filter(f => !since || fs.statSync(f).mtime >= since);
  if (fs.existsSync(current)) files.push(current);
  const events: AuditEvent[] = [];
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      let event: AuditEvent;
      try {
        event = JSON.parse(line);
      } catch {
        continue; // the last line, half written
      }
      if (!since || new Date(event.requestReceivedTimestamp) >= since) {
        events.push(event);
      }
    }
  }
  return events;
}
