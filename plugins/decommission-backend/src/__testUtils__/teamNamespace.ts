import { createTeamNamespace as createDevclusterTeamNamespace } from '@paasport/devcluster';
import { kubernetesErrorStatus } from '@paasport/kubernetes-node';
import type { Entity } from '@backstage/catalog-model';
import type { KubernetesObject } from '@kubernetes/client-node';
import type { AdminClients } from './scratchApp';

/**
 * A namespace as Paasport's namespace action makes it for `team`: labelled
 * with the team, the team's group bound to ClusterRole `paasport-team`, and
 * the portal allowed to act for people there (RoleBinding
 * `paasport-portal-impersonation`), so that what the portal does as a
 * member passes the cluster's RBAC (`createTeamNamespace` of
 * `@paasport/devcluster`).
 */
export async function createTeamNamespace(
  clients: AdminClients,
  namespace: string,
  team: string,
) {
  await createDevclusterTeamNamespace(clients.context, {
    name: namespace,
    team,
  });
}

/** A small service of `team`: a Deployment, its ConfigMap and its Secret. */
export function teamService(
  namespace: string,
  app: string,
  team: string,
): KubernetesObject[] {
  const labels = {
    'app.kubernetes.io/name': app,
    'backstage.io/kubernetes-id': app,
    'paasport.io/team': team,
  };
  const metadata = (name: string) => ({ name, namespace, labels });
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: metadata(app),
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': app } },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              { name: 'app', image: `registry.paasport.dev/${team}/${app}:1` },
            ],
          },
        },
      },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(`${app}-config`),
      data: { LOG_LEVEL: 'info' },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(`${app}-db`),
      stringData: { DB_PASSWORD: 'not-a-real-password' },
    } as KubernetesObject,
  ];
}

/** `Kind name (uid)` of every object of `objects` still on the cluster. */
export async function stillThere(
  clients: AdminClients,
  objects: KubernetesObject[],
): Promise<string[]> {
  const found: string[] = [];
  for (const object of objects) {
    try {
      const read = await clients.objects.read({
        apiVersion: object.apiVersion!,
        kind: object.kind!,
        metadata: {
          name: object.metadata!.name!,
          namespace: object.metadata!.namespace!,
        },
      });
      found.push(
        `${object.kind} ${read.metadata?.name} (${read.metadata?.uid})`,
      );
    } catch (error) {
      if (kubernetesErrorStatus(error) !== 404) throw error;
    }
  }
  return found;
}

/**
 * Scratch ConfigMaps in a team namespace, as the cluster's admin: `create`
 * gives the new object's uid, `uidOf` the uid there now (undefined when
 * gone), so a test can tell an object from its replacement.
 */
export function scratchConfigMaps(
  clients: () => AdminClients,
  namespace: string,
) {
  return {
    async create(name: string): Promise<string> {
      const created = await clients().core.createNamespacedConfigMap({
        namespace,
        body: {
          metadata: { name, labels: { 'backstage.io/kubernetes-id': 'svc' } },
          data: { LOG_LEVEL: 'info' },
        },
      });
      return created.metadata!.uid!;
    },
    async uidOf(name: string): Promise<string | undefined> {
      try {
        const read = await clients().core.readNamespacedConfigMap({
          name,
          namespace,
        });
        return read.metadata?.uid;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Component `svc` of `team`, found on the clusters by its
 * `backstage.io/kubernetes-id` (the scratch objects' label).
 */
export function teamComponent(team: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'svc',
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': 'svc' },
    },
    spec: { type: 'service', owner: `group:default/${team}` },
  };
}
