import { devclusterKubeConfig } from '@paasport/devcluster';
import {
  kubernetesErrorStatus,
  loadClientNode,
} from '@paasport/kubernetes-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { createTeamNamespace } from './teamNamespace';

/*
 * A throw-away application on the local clusters for the end-to-end test:
 * its own namespace per cluster and the kinds of object a service leaves
 * behind. Never touches the demo applications.
 */

export const TEAM = 'decom-it';

/** Admin clients for one devcluster context (test setup and checks only). */
export async function adminClients(context: string) {
  const k8s = await loadClientNode();
  const kc = await devclusterKubeConfig(context);
  return {
    /** The devcluster cluster (its admin context), e.g. `dev`. */
    context,
    k8s,
    objects: k8s.KubernetesObjectApi.makeApiClient(kc),
    core: kc.makeApiClient(k8s.CoreV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
  };
}

export type AdminClients = Awaited<ReturnType<typeof adminClients>>;

/** The scratch application's names; unique per run. */
export function scratchNames() {
  const id = `${Date.now().toString(36)}${Math.random()
    .toString(36)
    .slice(2, 5)}`;
  return {
    namespace: `decom-it-${id}`,
    system: `scratch-${id}`,
    api: `scratch-${id}-api`,
    web: `scratch-${id}-web`,
    /** Not declared in any catalog file: discovery adds it. */
    worker: `scratch-${id}-worker`,
  };
}

export type ScratchNames = ReturnType<typeof scratchNames>;

function labels(names: ScratchNames, app: string) {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': names.system,
    'backstage.io/kubernetes-id': app,
    'paasport.io/team': TEAM,
  };
}

function deployment(names: ScratchNames, app: string) {
  const l = labels(names, app);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace: names.namespace, labels: l },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': app } },
      template: {
        metadata: { labels: l },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.paasport.dev/decom-it/${app}:1.0.0`,
            },
          ],
        },
      },
    },
  };
}

function jobSpec(names: ScratchNames, app: string) {
  return {
    backoffLimit: 0,
    template: {
      metadata: { labels: labels(names, app) },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'migrate',
            image: `registry.paasport.dev/decom-it/${app}:1.0.0`,
          },
        ],
      },
    },
  };
}

const triggersRole = (name: string) => ({
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'ClusterRole',
  name,
});

const pipelineAccount = (names: ScratchNames) => ({
  kind: 'ServiceAccount',
  name: `${names.api}-pipeline`,
  namespace: names.namespace,
});

/** The one cluster-scoped object of the scratch application. */
export function pipelineClusterBinding(names: ScratchNames): string {
  return `${names.namespace}-${names.api}-pipeline-triggers`;
}

/** A RoleBinding an admin made for the service: not the decommission's to remove. */
export function adminBinding(names: ScratchNames): string {
  return `${names.api}-admin-view`;
}

/** Everything the scratch application has on one cluster. */
export function scratchObjects(
  names: ScratchNames,
  options: { pipelines: boolean },
): KubernetesObject[] {
  const { namespace, api, web, worker, system } = names;
  const meta = (name: string, app: string) => ({
    name,
    namespace,
    labels: labels(names, app),
  });
  const objects: KubernetesObject[] = [
    deployment(names, api),
    deployment(names, web),
    deployment(names, worker),
    // The worker's batch work: a nightly run (suspended, so it never fires
    // here) and a one-off migration whose pod the job controller starts.
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta(`${worker}-nightly`, worker),
      spec: {
        schedule: '0 3 * * *',
        suspend: true,
        jobTemplate: { spec: jobSpec(names, worker) },
      },
    } as KubernetesObject,
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(`${worker}-migrate`, worker),
      spec: jobSpec(names, worker),
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(api, api),
      spec: {
        selector: { 'app.kubernetes.io/name': api },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${api}-config`, api),
      data: { LOG_LEVEL: 'info' },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(`${api}-db`, api),
      stringData: { password: 'not-a-real-password' },
    } as KubernetesObject,
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(web, web),
      spec: {
        rules: [
          {
            host: `${web}.apps.paasport.dev`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: api, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    } as KubernetesObject,
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(api, api),
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: api,
        },
        minReplicas: 1,
        maxReplicas: 3,
      },
    } as KubernetesObject,
    {
      // Shared by the application's services: found by its part-of label.
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${system}-shared`,
        namespace,
        labels: { 'app.kubernetes.io/part-of': system },
      },
      data: { REGION: 'eu' },
    } as KubernetesObject,
  ];
  if (options.pipelines) {
    objects.push(
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'Pipeline',
        metadata: meta(`${api}-build`, api),
        spec: { tasks: [{ name: 'build', taskRef: { name: 'buildah' } }] },
      } as KubernetesObject,
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'PipelineRun',
        metadata: meta(`${api}-build-1`, api),
        spec: { pipelineRef: { name: `${api}-build` } },
      } as KubernetesObject,
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerTemplate',
        metadata: meta(`${api}-build`, api),
        spec: {
          resourcetemplates: [
            {
              apiVersion: 'tekton.dev/v1',
              kind: 'PipelineRun',
              metadata: { generateName: `${api}-build-` },
              spec: { pipelineRef: { name: `${api}-build` } },
            },
          ],
        },
      } as KubernetesObject,
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'TriggerBinding',
        metadata: meta(`${api}-push`, api),
        spec: { params: [{ name: 'revision', value: '$(body.after)' }] },
      } as KubernetesObject,
      {
        apiVersion: 'triggers.tekton.dev/v1beta1',
        kind: 'EventListener',
        metadata: meta(`${api}-push`, api),
        spec: {
          triggers: [
            {
              name: 'push',
              bindings: [{ ref: `${api}-push` }],
              template: { ref: `${api}-build` },
            },
          ],
        },
      } as KubernetesObject,
      // The pipeline's account and the grants paasport:tekton:pipeline
      // makes it: Tekton Triggers' roles, and the team role for its deploy
      // task.
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: meta(`${api}-pipeline`, api),
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(`${api}-pipeline-triggers`, api),
        roleRef: triggersRole('tekton-triggers-eventlistener-roles'),
        subjects: [pipelineAccount(names)],
      } as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(`${api}-pipeline-deploy`, api),
        roleRef: triggersRole('paasport-team'),
        subjects: [pipelineAccount(names)],
      } as KubernetesObject,
      {
        // Labelled as the service, but not a grant Paasport makes: an
        // admin's. The decommission leaves it alone.
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {
          name: adminBinding(names),
          namespace,
          labels: { 'backstage.io/kubernetes-id': api },
        },
        roleRef: triggersRole('view'),
        subjects: [pipelineAccount(names)],
      } as KubernetesObject,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: {
          name: pipelineClusterBinding(names),
          labels: labels(names, api),
        },
        roleRef: triggersRole('tekton-triggers-eventlistener-clusterroles'),
        subjects: [pipelineAccount(names)],
      } as KubernetesObject,
    );
  }
  return objects;
}

/**
 * A ConfigMap of the service that a finalizer keeps from going away: the
 * decommission fails on it until the finalizer is removed.
 */
export function heldConfigMap(names: ScratchNames): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${names.api}-held`,
      namespace: names.namespace,
      labels: labels(names, names.api),
      finalizers: ['decom-it.paasport.dev/hold'],
    },
  };
}

/**
 * Creates the namespace as Paasport makes a team's: labelled with the team
 * and bound to its group. The portal itself may not read its Secrets: the
 * decommission lists and deletes them as the person.
 */
export async function createScratchNamespace(
  clients: AdminClients,
  namespace: string,
) {
  await createTeamNamespace(clients, namespace, TEAM);
}

export async function createObjects(
  clients: AdminClients,
  objects: KubernetesObject[],
) {
  for (const object of objects) {
    await clients.objects.create(object);
  }
}

/** Objects with the scratch application's labels still in the namespace. */
export async function remainingObjects(
  clients: AdminClients,
  names: ScratchNames,
): Promise<string[]> {
  const kinds: Array<[string, string]> = [
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'ReplicaSet'],
    ['batch/v1', 'CronJob'],
    ['batch/v1', 'Job'],
    ['v1', 'Pod'],
    ['v1', 'Service'],
    ['v1', 'ConfigMap'],
    ['v1', 'Secret'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['tekton.dev/v1', 'Pipeline'],
    ['tekton.dev/v1', 'PipelineRun'],
    ['triggers.tekton.dev/v1beta1', 'TriggerTemplate'],
    ['triggers.tekton.dev/v1beta1', 'TriggerBinding'],
    ['triggers.tekton.dev/v1beta1', 'EventListener'],
    ['v1', 'ServiceAccount'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ];
  const left: string[] = [];
  for (const [apiVersion, kind] of kinds) {
    const list = await clients.objects.list(
      apiVersion,
      kind,
      names.namespace,
      undefined,
      undefined,
      undefined,
      undefined,
      `app.kubernetes.io/part-of=${names.system}`,
    );
    for (const item of list.items) {
      left.push(`${kind} ${item.metadata?.name}`);
    }
  }
  const bindings = await clients.rbac.listClusterRoleBinding({
    labelSelector: `app.kubernetes.io/part-of=${names.system}`,
  });
  for (const item of bindings.items) {
    left.push(`ClusterRoleBinding ${item.metadata?.name}`);
  }
  return left;
}

/** Cleans up the scratch application's cluster-scoped binding, if left. */
export async function deleteClusterBinding(
  clients: AdminClients,
  names: ScratchNames,
) {
  await clients.rbac
    .deleteClusterRoleBinding({ name: pipelineClusterBinding(names) })
    .catch(() => undefined);
}

export async function deleteNamespace(
  clients: AdminClients,
  namespace: string,
) {
  try {
    await clients.core.deleteNamespace({ name: namespace });
  } catch (error) {
    if (kubernetesErrorStatus(error) !== 404) throw error;
  }
}
