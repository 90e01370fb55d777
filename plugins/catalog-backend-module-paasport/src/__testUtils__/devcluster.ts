import { ConfigReader } from '@backstage/config';
import {
  createTeamNamespace,
  devclusterKubeConfig,
  readDevclusterConfig,
} from '@paasport/devcluster';
import { loadClientNode } from '@paasport/kubernetes-node';
import fs from 'node:fs';
import path from 'node:path';

// Test tooling that always runs from the source tree.
const repoRoot = path.resolve(__dirname, '../../../..');

/**
 * The running devcluster: the Backstage config `devcluster up` generated and
 * the admin kubeconfig. Throws, so that tests fail loudly, when the clusters
 * were never set up.
 */
export async function devcluster() {
  const { data, kubeconfigPath } = readDevclusterConfig();
  return {
    data,
    config: new ConfigReader(data),
    kubeconfigPath,
  };
}

/** Admin API clients for one devcluster context, for test setup. */
export async function adminApis(context: string) {
  const k8s = await loadClientNode();
  const kc = await devclusterKubeConfig(context);
  return {
    /** The devcluster cluster (its admin context), e.g. `dev`. */
    context,
    k8s,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    core: kc.makeApiClient(k8s.CoreV1Api),
  };
}

/** Admin API clients, see {@link adminApis}. */
export type AdminApis = Awaited<ReturnType<typeof adminApis>>;

/** The demo catalog files (catalog/*.yaml) as entities, as a catalog serves them. */
export async function demoCatalogEntities() {
  const k8s = await loadClientNode();
  const files = [
    'org.yaml',
    'applications/shop.yaml',
    'applications/payments.yaml',
  ];
  return files.flatMap(file => {
    const target = path.join(repoRoot, 'catalog', file);
    return (k8s.loadAllYaml(fs.readFileSync(target, 'utf8')) as any[]).map(
      entity => ({
        ...entity,
        metadata: {
          namespace: 'default',
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'backstage.io/managed-by-location': `file:${target}`,
            'backstage.io/managed-by-origin-location': `file:${path.join(
              repoRoot,
              'catalog/all.yaml',
            )}`,
          },
        },
      }),
    );
  });
}

/**
 * A scratch team namespace as Paasport's namespace action makes it (labelled
 * for `team`, the team's and the portal's RoleBindings:
 * `createTeamNamespace` of `@paasport/devcluster`). Returns its name.
 */
export async function createScratchNamespace(
  api: AdminApis,
  prefix: string,
  team: string,
) {
  const name = `${prefix}-${Date.now().toString(36)}`;
  await createTeamNamespace(api.context, { name, team });
  return name;
}

/** A labelled Deployment with no replicas: cheap, and enough for discovery. */
export function labelledDeployment(
  namespace: string,
  name: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels, annotations },
    spec: {
      replicas: 0,
      selector: { matchLabels: { 'app.kubernetes.io/instance': name } },
      template: {
        metadata: {
          labels: { ...labels, 'app.kubernetes.io/instance': name },
        },
        spec: {
          containers: [{ name: 'app', image: 'registry.paasport.dev/it:1' }],
        },
      },
    },
  };
}
