import { devclusterKubeConfig } from '@paasport/devcluster';
import {
  KubernetesCluster,
  KubernetesObject,
  KubernetesObjects,
} from '@paasport/kubernetes-node';
import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import { objectsAsPerson } from '../__testUtils__/tenancyKit';
import { namespaceContents } from './namespaceContents';
import { readNamespacedKinds } from './namespacedKinds';

// The check undo makes before it deletes a namespace, on a real namespace of
// the devcluster's dev: what Kubernetes and its controllers put there (the
// default ServiceAccount, kube-root-ca.crt, a Deployment's ReplicaSet and
// Pods, a Service's Endpoints and EndpointSlices, Events) is not foreign;
// anything the task did not record is. Listed with the admin's identity, so
// every kind can be read; with the portal's and a person's, the kinds
// neither may list are reported.
jest.setTimeout(180_000);

const run = Date.now().toString(36);
const namespace = `nc-${run}`;

async function adminCluster(): Promise<KubernetesCluster> {
  const kc = await devclusterKubeConfig('dev');
  const cluster = kc.getCurrentCluster()!;
  const user = kc.getCurrentUser()!;
  return new KubernetesCluster({
    name: 'dev',
    url: cluster.server,
    caData: cluster.caData,
    skipTLSVerify: cluster.skipTLSVerify,
    auth: {
      type: 'clientCertificate',
      certData: user.certData!,
      keyData: user.keyData!,
    },
  });
}

describe('namespaceContents on the devcluster', () => {
  let cluster: KubernetesCluster;
  let admin: KubernetesObjects;
  const ours = new Set<string>();

  beforeAll(async () => {
    cluster = await adminCluster();
    admin = new KubernetesObjects(cluster, { fieldManager: 'paasport-it' });
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'paasport.io/team': 'nc-it' } },
    });
    const labels = { app: 'web' };
    for (const object of [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'config', namespace },
        data: { a: 'b' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'web', image: 'web:1' }] },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace },
        spec: { selector: labels, ports: [{ port: 80 }] },
      },
    ]) {
      const applied = await admin.apply(object);
      ours.add(applied.metadata.uid!);
    }
    // The controllers' objects exist before the check runs.
    await eventually(
      async () =>
        (
          await admin.list<KubernetesObject>(
            { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
            { namespace },
          )
        ).length > 0 &&
        (
          await admin.list<KubernetesObject>(
            { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
            { namespace },
          )
        ).length > 0,
      60_000,
      'the ReplicaSet and EndpointSlice',
    );
  });

  afterAll(async () => {
    const ns = await admin?.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
    if (ns) {
      await admin.delete({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: namespace,
        uid: ns.metadata.uid!,
      });
    }
  });

  it("finds nothing foreign when only the task's objects and Kubernetes' own are there", async () => {
    const kinds = await readNamespacedKinds(cluster);
    expect(kinds.unreadable).toEqual([]);
    expect(kinds.kinds).toContainEqual({ apiVersion: 'v1', kind: 'Secret' });
    expect(
      await namespaceContents({ namespace, kinds, readers: [admin], ours }),
    ).toEqual({ foreign: [], unchecked: [] });
  });

  it('finds an object the task did not record', async () => {
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'someone-elses', namespace },
      stringData: { a: 'b' },
    });
    const kinds = await readNamespacedKinds(cluster);
    expect(
      await namespaceContents({ namespace, kinds, readers: [admin], ours }),
    ).toEqual({ foreign: ['Secret someone-elses'], unchecked: [] });
  });

  it("reports the kinds the portal's own identity may not list as unchecked: Secrets, and nothing else", async () => {
    const kinds = await readNamespacedKinds(cluster);
    const portal = new KubernetesObjects(
      objectsAsPerson('dev', 'user:default/guest', []).cluster,
      { fieldManager: 'paasport-it' },
    );
    const contents = await namespaceContents({
      namespace,
      kinds,
      readers: [portal],
      ours,
    });
    // The portal reads every namespaced kind but Secrets
    // (deploy/clusters/portal-rbac.yaml), so that alone it can tell a
    // namespace holds nothing foreign except for what Secrets hide.
    expect(contents.unchecked).toEqual(['Secret (v1)']);
  });
});
