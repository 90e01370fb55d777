import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import { ConfigReader } from '@backstage/config';
import {
  createTeamNamespace,
  devclusterKubeConfig,
  readAuditEvents,
  readDevclusterConfig,
} from '@paasport/devcluster';
import {
  KubernetesCluster,
  KubernetesClusters,
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import { ResourceType } from '../kube/types';

/**
 * The clusters as the portal sees them (its least-privilege token), from the
 * config `devcluster up` generated. Throws when the clusters were never set
 * up, so that integration tests fail loudly.
 */
export function portalClusters(): KubernetesClusters {
  return KubernetesClusters.fromConfig(
    new ConfigReader(readDevclusterConfig().data),
  );
}

/** The backstage config of the devcluster, for startTestBackend. */
export function devclusterConfigData(): Record<string, any> {
  return readDevclusterConfig().data;
}

// The devcluster context each admin cluster came from, for the helpers of
// @paasport/devcluster that take a context.
const adminContexts = new WeakMap<KubernetesCluster, string>();

/**
 * A cluster with the admin identity (client certificate in
 * `system:masters`): test setup, the test operators, and checks.
 */
export async function adminCluster(
  context: string,
): Promise<KubernetesCluster> {
  const kc = await devclusterKubeConfig(context);
  const user = kc.getUser(`${context}-admin`);
  const cluster = kc.getCluster(context);
  if (!user?.certData || !user.keyData || !cluster) {
    throw new Error(
      `No admin context '${context}' in the devcluster kubeconfig`,
    );
  }
  const admin = new KubernetesCluster({
    name: `${context}-admin`,
    url: cluster.server,
    caData: cluster.caData,
    skipTLSVerify: false,
    auth: {
      type: 'clientCertificate',
      certData: user.certData,
      keyData: user.keyData,
    },
  });
  adminContexts.set(admin, context);
  return admin;
}

/**
 * A namespace of our own, made as Paasport makes a team's namespace:
 * labelled `paasport.io/team=<team>`, the team's group bound to the
 * ClusterRole `paasport-team` (RoleBinding `paasport-team`) and the portal
 * allowed to act for people there (RoleBinding
 * `paasport-portal-impersonation`), so the providers, acting as a member,
 * may work there and nobody else may (`createTeamNamespace` of
 * `@paasport/devcluster`).
 */
export async function createScratchNamespace(
  admin: KubernetesCluster,
  team = 'mkt-op-test',
) {
  const context = adminContexts.get(admin);
  if (!context) {
    throw new Error(`${admin.name} was not made by adminCluster()`);
  }
  const name = `${team}-${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 6)}`.slice(0, 63);
  await createTeamNamespace(context, { name, team });
  return name;
}

/**
 * Deletes a scratch namespace and waits until it is gone. While waiting,
 * finalizers of the given custom resource types are stripped: after a failed
 * test no operator may be left to remove them, and a test operator might
 * still be holding them (e.g. a topic whose Kafka is being deleted too).
 */
export async function deleteScratchNamespace(
  admin: KubernetesCluster,
  namespace: string,
  types: ResourceType[],
) {
  const k8s = await loadClientNode();
  const custom = await admin.api(c => c.CustomObjectsApi);
  const core = await admin.api(c => c.CoreV1Api);
  const stripFinalizers = async () => {
    for (const type of types) {
      const version = type.versions[type.versions.length - 1];
      const base = {
        group: type.group,
        version,
        namespace,
        plural: type.plural,
      };
      const list = (await custom
        .listNamespacedCustomObject(base)
        .catch(() => ({ items: [] }))) as {
        items: Array<{ metadata: { name: string; finalizers?: string[] } }>;
      };
      for (const item of list.items.filter(
        i => i.metadata.finalizers?.length,
      )) {
        await custom
          .patchNamespacedCustomObject(
            {
              ...base,
              name: item.metadata.name,
              body: { metadata: { finalizers: null } },
            },
            k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
          )
          .catch(() => undefined);
      }
    }
  };
  await core.deleteNamespace({ name: namespace }).catch(error => {
    if (kubernetesErrorStatus(error) !== 404) throw error;
  });
  await eventually(
    async () => {
      await stripFinalizers();
      return core.readNamespace({ name: namespace }).then(
        () => false,
        error => kubernetesErrorStatus(error) === 404,
      );
    },
    90_000,
    `namespace ${namespace} to be deleted`,
  );
}

export { eventually };

/**
 * Writes an object's status through the status subresource as the admin,
 * the way a (possibly buggy) controller would.
 */
export async function writeStatus(
  admin: KubernetesCluster,
  type: ResourceType,
  namespace: string,
  name: string,
  status: unknown,
) {
  const k8s = await loadClientNode();
  const custom = await admin.api(c => c.CustomObjectsApi);
  await custom.patchNamespacedCustomObjectStatus(
    {
      group: type.group,
      version: type.versions[type.versions.length - 1],
      namespace,
      plural: type.plural,
      name,
      body: { status },
    },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
  );
}

/** The portal's own identity on the devcluster (its ServiceAccount). */
export const PORTAL_USER =
  'system:serviceaccount:paasport-system:paasport-portal';

/**
 * The portal's successful writes in `namespace` since `since`, from the
 * apiserver's audit log, as `<verb> <resource>/<name>[ as <person>]` (a
 * write without "as" was made with the portal's own identity). Polls a
 * while for `expected`: events land a moment after the response.
 */
export async function portalWrites(
  cluster: string,
  since: Date,
  namespace: string,
  expected: (writes: string[]) => boolean,
): Promise<string[]> {
  const read = () =>
    readAuditEvents(cluster, since)
      .filter(
        e =>
          e.user.username === PORTAL_USER &&
          e.objectRef?.namespace === namespace &&
          (e.responseStatus?.code ?? 0) < 300,
      )
      .map(
        e =>
          `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.name ?? ''}${
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
      `the audit log of ${namespace} on ${cluster}`,
    );
  } catch {
    return read();
  }
}
