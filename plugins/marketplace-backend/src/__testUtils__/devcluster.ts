import { ConfigReader } from '@backstage/config';
import type { CoreV1Api } from '@kubernetes/client-node';
import {
  AuditEvent,
  createTeamNamespace as createDevclusterTeamNamespace,
  deleteNamespace as deleteDevclusterNamespace,
  devclusterKubeConfig,
  readAuditEvents,
  readDevclusterConfig,
} from '@paasport/devcluster';
import { KubernetesClusters, loadClientNode } from '@paasport/kubernetes-node';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';

/** The portal's own identity on the devcluster (its ServiceAccount). */
export const PORTAL_USER =
  'system:serviceaccount:paasport-system:paasport-portal';

/**
 * The running local clusters as the portal sees them (the generated
 * Backstage config with the portal's token) plus admin clients for test
 * setup and checks. Throws, so tests fail loudly, when they are not up.
 */
export async function devcluster() {
  const { data } = readDevclusterConfig();
  const k8s = await loadClientNode();
  const admin = async (context: string) =>
    (await devclusterKubeConfig(context)).makeApiClient(k8s.CoreV1Api);
  const adminRbac = async (context: string) =>
    (await devclusterKubeConfig(context)).makeApiClient(
      k8s.RbacAuthorizationV1Api,
    );
  return {
    /** Backstage config data: kubernetes.clusterLocatorMethods etc. */
    data,
    clusters: KubernetesClusters.fromConfig(new ConfigReader(data)),
    admin,
    adminRbac,
  };
}

/**
 * A scratch namespace as Paasport's namespace action makes one for `team`:
 * labelled `paasport.io/team=<team>`, the team's group bound to the
 * ClusterRole `paasport-team` (RoleBinding `paasport-team`), and the portal
 * allowed to act for people there (RoleBinding
 * `paasport-portal-impersonation`), so that writes made as a member pass the
 * cluster's RBAC. Created with the admin identity (`createTeamNamespace` of
 * `@paasport/devcluster`).
 */
export async function createTeamNamespace(context: string, team: string) {
  const name = `mkt-${team}-${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 6)}`.slice(0, 63);
  await createDevclusterTeamNamespace(context, { name, team });
  return name;
}

/** Deletes a scratch namespace (does not wait). */
export async function deleteNamespace(context: string, name: string) {
  await deleteDevclusterNamespace(context, name).catch(() => undefined);
}

/** A Secret's data, decoded; undefined when the Secret does not exist. */
export async function readSecret(
  core: CoreV1Api,
  namespace: string,
  name: string,
) {
  try {
    const secret = await core.readNamespacedSecret({ namespace, name });
    return {
      secret,
      data: Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([k, v]) => [
          k,
          Buffer.from(v, 'base64').toString('utf8'),
        ]),
      ),
    };
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/**
 * The successful writes of a Secret in the apiserver's audit log since
 * `since`, as `verb by <user>[ as <impersonated user>]`. Polls a while for
 * `expected` to show up: events land a moment after the response.
 */
export async function secretWrites(
  cluster: string,
  since: Date,
  secret: { namespace: string; name: string },
  expected: (writes: string[]) => boolean,
): Promise<string[]> {
  const read = () =>
    readAuditEvents(cluster, since)
      .filter(isSecretWrite(secret))
      .map(
        e =>
          `${e.verb} by ${e.user.username}${
            e.impersonatedUser ? ` as ${e.impersonatedUser.username}` : ''
          }`,
      );
  try {
    return await eventually(
      () => {
        const writes = read();
        return expected(writes) && writes;
      },
      20_000,
      `the audit log to show the writes of Secret ${secret.namespace}/${secret.name}`,
    );
  } catch {
    return read();
  }
}

function isSecretWrite(secret: { namespace: string; name: string }) {
  return (e: AuditEvent) =>
    e.stage === 'ResponseComplete' &&
    e.objectRef?.resource === 'secrets' &&
    e.objectRef.namespace === secret.namespace &&
    // A create names no object in its URL, only in its body.
    (e.objectRef.name === secret.name || e.verb === 'create') &&
    (e.responseStatus?.code ?? 0) < 300;
}
