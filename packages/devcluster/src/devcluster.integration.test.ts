import { execFileSync } from 'node:child_process';
import { loadClientNode } from '@paasport/kubernetes-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { devclusterEnv, devclusterKubeConfig } from './testing';
import { clusterApi } from './__testUtils__/clusterApi';
import { until } from './until';

/*
 * Proves the local environment is real Kubernetes: the Deployment controller's
 * revision bookkeeping, kubectl rollout undo, pod logs served through the
 * apiserver, CRD schema validation, and RBAC on the portal's token and the
 * platform's account.
 */
jest.setTimeout(120_000);

const env = devclusterEnv();
const namespace = `devcluster-it-${process.pid}`;
let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;

function deployment(image: string) {
  return {
    metadata: { name: 'echo', namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'echo' } },
      template: {
        metadata: { labels: { app: 'echo' } },
        spec: { containers: [{ name: 'echo', image }] },
      },
    },
  };
}

async function runningPodsOf(replicaSetHash: string) {
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const pods = await core.listNamespacedPod({
    namespace,
    labelSelector: `app=echo,pod-template-hash=${replicaSetHash}`,
  });
  return pods.items.filter(p => p.status?.phase === 'Running').length;
}

beforeAll(async () => {
  k8s = await loadClientNode();
  admin = await devclusterKubeConfig('dev');
  await admin
    .makeApiClient(k8s.CoreV1Api)
    .createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  await admin
    ?.makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: namespace })
    .catch(() => undefined);
});

describe('the dev cluster', () => {
  it('rolls a Deployment from v1 to v2 with a new ReplicaSet whose pods run, and undoes it', async () => {
    const apps = admin.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace,
      body: deployment('registry.paasport.dev/it/echo:1'),
    });
    const hashOf = async (revision: string) => {
      const sets = await apps.listNamespacedReplicaSet({
        namespace,
        labelSelector: 'app=echo',
      });
      const set = sets.items.find(
        rs =>
          rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ===
          revision,
      );
      return set?.metadata?.labels?.['pod-template-hash'];
    };
    const v1 = await until('revision 1', () => hashOf('1'));
    await until('v1 pods Running', async () =>
      (await runningPodsOf(v1)) === 2 ? true : undefined,
    );

    await apps.patchNamespacedDeployment(
      {
        name: 'echo',
        namespace,
        body: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/image',
            value: 'registry.paasport.dev/it/echo:2',
          },
        ],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const v2 = await until('revision 2', () => hashOf('2'));
    expect(v2).not.toBe(v1);
    await until('v2 pods Running', async () =>
      (await runningPodsOf(v2)) === 2 ? true : undefined,
    );

    execFileSync(env.PAASPORT_DEVCLUSTER_KUBECTL, [
      '--kubeconfig',
      env.KUBECONFIG,
      '--context',
      'dev',
      '-n',
      namespace,
      'rollout',
      'undo',
      'deployment/echo',
    ]);
    // Undo makes revision 1's template current again as revision 3.
    await until('revision 3 with the v1 template', async () =>
      (await hashOf('3')) === v1 ? true : undefined,
    );
    const current = await apps.readNamespacedDeployment({
      name: 'echo',
      namespace,
    });
    expect(current.spec?.template.spec?.containers[0].image).toBe(
      'registry.paasport.dev/it/echo:1',
    );
    await until('v1 pods Running again', async () =>
      (await runningPodsOf(v1)) === 2 ? true : undefined,
    );
  });

  it('serves pod logs through the apiserver', async () => {
    const core = admin.makeApiClient(k8s.CoreV1Api);
    const pods = await core.listNamespacedPod({
      namespace: 'storefront',
      labelSelector: 'app.kubernetes.io/name=shop-api',
    });
    const pod = pods.items.find(p => p.status?.phase === 'Running')!;
    const log = await core.readNamespacedPodLog({
      name: pod.metadata!.name!,
      namespace: 'storefront',
      container: pod.spec!.containers[0].name,
      tailLines: 20,
    });
    expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(log).toMatch(/GET|POST/);
  });

  it('rejects a malformed Strimzi Kafka', async () => {
    const custom = admin.makeApiClient(k8s.CustomObjectsApi);
    const error = await custom
      .createNamespacedCustomObject({
        group: 'kafka.strimzi.io',
        version: 'v1beta2',
        namespace,
        plural: 'kafkas',
        body: {
          apiVersion: 'kafka.strimzi.io/v1beta2',
          kind: 'Kafka',
          metadata: { name: 'broken' },
          spec: { kafka: { replicas: 'three', listeners: [] } },
        },
      })
      .catch(e => e);
    expect(error.code).toBe(422);
    expect(String(error.body)).toContain('spec.kafka.replicas');
  });

  it("refuses the portal's token outside its role", async () => {
    const portal = (await devclusterKubeConfig('dev-portal')).makeApiClient(
      k8s.CoreV1Api,
    );
    const refused = await portal.listNode().catch(e => e);
    expect(refused.code).toBe(403);
    const allowed = await portal.listNamespacedPod({ namespace: 'storefront' });
    expect(allowed.items.length).toBeGreaterThan(0);
  });

  it("lets the platform bind only Tekton Triggers' listener role cluster-wide, and the portal's own token nothing", async () => {
    const api = await clusterApi('dev');
    const platform = {
      user: 'system:serviceaccount:paasport-system:paasport-platform',
    };
    const bindings = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
    const rbac = admin.makeApiClient(k8s.RbacAuthorizationV1Api);
    const binding = (
      name: string,
      role: string,
      subject: {
        kind: string;
        name: string;
        namespace?: string;
        apiGroup?: string;
      },
    ) => ({
      metadata: { name },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role,
      },
      subjects: [subject],
    });
    const listener = { kind: 'ServiceAccount', name: 'ci', namespace };
    const allowed = `${namespace}-ci-triggers`;
    const others = `${namespace}-someone-elses`;
    const listenerBinding = binding(
      allowed,
      'tekton-triggers-eventlistener-clusterroles',
      listener,
    );
    try {
      // The portal's own token makes no binding at all.
      const own = await api.call('POST', bindings, { body: listenerBinding });
      expect(own.status).toBe(403);
      expect(own.body.message).toContain(
        'cannot create resource "clusterrolebindings"',
      );

      const made = await api.call('POST', bindings, {
        body: listenerBinding,
        as: platform,
      });
      expect(made.status).toBe(201);
      // `view` cluster-wide: the guardrail (the platform may bind only the
      // listener role; `bind` on view it lacks anyway).
      const widened = await api.call('POST', bindings, {
        body: binding(`${namespace}-view`, 'view', listener),
        as: platform,
      });
      expect(widened.status).toBe(403);
      // Not to a user either, even with the right role.
      const toUser = await api.call('POST', bindings, {
        body: binding(
          `${namespace}-user`,
          'tekton-triggers-eventlistener-clusterroles',
          {
            kind: 'User',
            name: 'mallory',
            apiGroup: 'rbac.authorization.k8s.io',
          },
        ),
        as: platform,
      });
      expect(toUser.status).toBe(403);
      expect(toUser.body.message).toContain(
        'may only bind tekton-triggers-eventlistener-clusterroles',
      );
      // cluster-admin: RBAC's escalation check already refuses it.
      const escalated = await api.call('POST', bindings, {
        body: binding(`${namespace}-admin`, 'cluster-admin', listener),
        as: platform,
      });
      expect(escalated.status).toBe(403);
      // Someone else's binding cannot be deleted as the platform.
      await rbac.createClusterRoleBinding({
        body: binding(others, 'view', listener),
      });
      const removed = await api.call('DELETE', `${bindings}/${others}`, {
        as: platform,
      });
      expect(removed.status).toBe(403);
      expect(removed.body.message).toContain('paasport-platform-guardrails');
      const deleted = await api.call('DELETE', `${bindings}/${allowed}`, {
        as: platform,
      });
      expect(deleted.status).toBe(200);
      const left = await rbac.listClusterRoleBinding();
      expect(left.items.map(b => b.metadata!.name)).toEqual(
        expect.arrayContaining([others]),
      );
      expect(left.items.map(b => b.metadata!.name)).not.toContain(allowed);
    } finally {
      for (const name of [
        allowed,
        others,
        `${namespace}-view`,
        `${namespace}-user`,
        `${namespace}-admin`,
      ]) {
        await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      }
    }
  });
});
