import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClusters } from '../KubernetesClusters';
import { KubernetesIdentities } from '../impersonation';
import { loadClientNode } from '../clientNode';
import { teamGroup, testApplicationModel } from '../testUtils';
import { devcluster } from '../__testUtils__/devcluster';
import { KubernetesObjects } from './KubernetesObjects';
import { KubernetesObject } from './types';

// Runs against the local devcluster (packages/devcluster); fails if it is down.
jest.setTimeout(60_000);

const configMap = (namespace: string, name: string, data: object) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, labels: { 'kn-it': 'yes' } },
  data,
});

const roleBinding = (
  namespace: string,
  name: string,
  subject: Record<string, string>,
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: [subject],
});

describe('KubernetesObjects and the application model on the devcluster', () => {
  let clusters: KubernetesClusters;
  /** A member of team kn-it: the portal writes only as a person. */
  let member: KubernetesObjects;
  let admin: KubernetesObjects;
  const namespace = `kn-it-${Date.now().toString(36)}`;

  beforeAll(async () => {
    const { config, kubeconfigPath } = await devcluster();
    clusters = KubernetesClusters.fromConfig(config);
    member = new KubernetesObjects(clusters.get('dev')!, {
      as: new KubernetesIdentities().person('user:default/alice', [
        'group:default/kn-it',
      ]),
      fieldManager: 'kn-it',
    });
    // The admin's client certificate, for setup and for checks.
    const k8s = await loadClientNode();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfigPath);
    const user = kc.getUser('dev-admin')!;
    const dev = clusters.get('dev')!;
    admin = new KubernetesObjects(
      new KubernetesClusters([
        {
          name: 'dev',
          url: dev.url,
          caData: (await devcluster()).data.kubernetes.clusterLocatorMethods[0]
            .clusters[0].caData,
          skipTLSVerify: false,
          auth: {
            type: 'clientCertificate',
            certData: user.certData!,
            keyData: user.keyData!,
          },
        },
      ]).get('dev')!,
      { fieldManager: 'kn-it-admin' },
    );
    await admin.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'paasport.io/team': 'kn-it' } },
    });
    // What the platform gives a team namespace (packages/devcluster
    // createTeamNamespace; not imported: devcluster depends on this package).
    await admin.apply(
      roleBinding(namespace, 'paasport-team', {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'paasport:group:default/kn-it',
      }),
    );
    await admin.apply(
      roleBinding(namespace, 'paasport-portal-impersonation', {
        kind: 'ServiceAccount',
        name: 'paasport-portal',
        namespace: 'paasport-system',
      }),
    );
  });

  afterAll(async () => {
    const ns = await admin.get({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: namespace,
    });
    if (ns?.metadata.uid) {
      await admin.delete({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: namespace,
        uid: ns.metadata.uid,
      });
    }
  });

  it('applies, reads, lists, patches and deletes exactly', async () => {
    const applied = await member.apply(configMap(namespace, 'one', { a: '1' }));
    expect(applied.metadata.uid).toBeTruthy();
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'one' };
    expect(
      await member.get<KubernetesObject & { data: object }>(ref),
    ).toMatchObject({
      data: { a: '1' },
    });
    const listed = await member.list(
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { namespace, labelSelector: 'kn-it=yes' },
    );
    expect(listed.map(o => o.metadata.name)).toEqual(['one']);
    const patched = await member.patch<KubernetesObject & { data: object }>(
      ref,
      { data: { b: '2' } },
      'merge',
    );
    expect(patched.data).toEqual({ a: '1', b: '2' });

    expect(await member.delete({ ...ref, uid: applied.metadata.uid! })).toBe(
      'deleted',
    );
    expect(await member.get(ref)).toBeUndefined();
    expect(await member.delete({ ...ref, uid: applied.metadata.uid! })).toBe(
      'absent',
    );
  });

  it('dry-runs an apply on the server without storing it', async () => {
    const answer = await member.apply(configMap(namespace, 'dry', { v: '1' }), {
      dryRun: true,
    });
    expect(answer.metadata.name).toBe('dry');
    expect(
      await member.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace,
        name: 'dry',
      }),
    ).toBeUndefined();
  });

  it('creates only what does not exist yet', async () => {
    const created = await member.create(
      configMap(namespace, 'four', { v: '1' }),
    );
    await expect(
      member.create(configMap(namespace, 'four', { v: '2' })),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('already exists; nothing was changed'),
    });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace,
      name: 'four',
    };
    const now = await member.get<KubernetesObject & { data: object }>(ref);
    expect(now?.data).toEqual({ v: '1' });
    await member.delete({ ...ref, uid: created.metadata.uid! });
  });

  it('refuses to delete a newer object of the same name', async () => {
    const first = await member.apply(configMap(namespace, 'two', { v: '1' }));
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'two' };
    await member.delete({ ...ref, uid: first.metadata.uid! });
    const second = await member.apply(configMap(namespace, 'two', { v: '2' }));
    await expect(
      member.delete({ ...ref, uid: first.metadata.uid! }),
    ).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('nothing was deleted'),
    });
    expect((await member.get(ref))?.metadata.uid).toBe(second.metadata.uid);
  });

  it("scales through /scale as the person, leaving the template alone; another team's member is refused", async () => {
    type Deployment = KubernetesObject & {
      spec: { replicas: number; selector: object; template: object };
    };
    const ref = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace,
      name: 'scaled',
    };
    const labels = { app: 'scaled' };
    const created = await member.apply<Deployment>({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'app', image: 'example.com/app:1' }] },
        },
      },
    });
    await expect(member.scale(ref, 3)).resolves.toBe(3);
    const scaled = (await member.get<Deployment>(ref))!;
    expect(scaled.spec.replicas).toBe(3);
    expect(scaled.spec.template).toEqual(created.spec.template);

    const outsider = new KubernetesObjects(clusters.get('dev')!, {
      as: new KubernetesIdentities().person('user:default/mallory', [
        'group:default/other-team',
      ]),
      fieldManager: 'kn-it',
    });
    await expect(outsider.scale(ref, 0)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        `dev: scale Deployment ${namespace}/scaled as paasport:user:default/mallory`,
      ),
    });
    await expect(member.scale(ref, -1)).rejects.toThrow(/Refusing to scale/);
    expect((await member.get<Deployment>(ref))!.spec.replicas).toBe(3);
  });

  it('finds custom kinds through discovery and names a kind the cluster lacks', async () => {
    await expect(
      member.list(
        { apiVersion: 'tekton.dev/v1', kind: 'Pipeline' },
        { namespace },
      ),
    ).resolves.toEqual([]);
    await expect(
      member.list(
        { apiVersion: 'example.com/v1', kind: 'Widget' },
        { namespace },
      ),
    ).rejects.toMatchObject({
      name: 'KindNotServedError',
      message: 'dev: the cluster does not serve example.com/v1',
    });
    await expect(
      member.list({ apiVersion: 'v1', kind: 'Widget' }, { namespace }),
    ).rejects.toMatchObject({
      name: 'KindNotServedError',
      message: 'dev: the cluster does not serve kind Widget in v1',
    });
  });

  it('translates refusals, naming who was refused', async () => {
    const nobody = new KubernetesObjects(clusters.get('dev')!, {
      as: new KubernetesIdentities().person('user:default/nobody', []),
      fieldManager: 'kn-it',
    });
    await expect(
      nobody.apply(configMap(namespace, 'three', { x: '1' })),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /^dev: apply ConfigMap .*\/three as paasport:user:default\/nobody: refused by the cluster: .*paasport:user:default\/nobody/,
      ),
    });
    await expect(
      member.apply({ ...configMap(namespace, 'bad name!', {}) }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });

  it("writes nothing as the portal itself, and the platform's objects as the platform", async () => {
    const portal = new KubernetesObjects(clusters.get('dev')!, {
      fieldManager: 'kn-it',
    });
    await expect(
      portal.apply(configMap(namespace, 'five', { x: '1' })),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining(
        'system:serviceaccount:paasport-system:paasport-portal',
      ),
    });

    const platform = testApplicationModel({
      clusters,
      entities: [],
    }).platformObjects('dev', 'kn-it');
    const quota = await platform.apply({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace },
      spec: { hard: { pods: '5' } },
    });
    expect(quota.metadata.uid).toBeTruthy();
    // The platform's account makes its own objects only.
    await expect(
      platform.apply(configMap(namespace, 'six', { x: '1' })),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('impersonate-on:serviceaccount:patch'),
    });
    expect(
      await platform.delete({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        namespace,
        name: 'team-quota',
        uid: quota.metadata.uid!,
      }),
    ).toBe('deleted');
  });

  it("scopes an entity to its team's verified namespace, and says why not elsewhere", async () => {
    const model = testApplicationModel({
      clusters,
      entities: [
        teamGroup('kn-it', namespace, ['alice']),
        // Claims storefront, which is labelled for storefront on the cluster.
        teamGroup('greedy', 'storefront', ['mallory']),
        ...['inside', 'outside'].map(name => ({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            namespace: 'default',
            annotations: {
              'backstage.io/kubernetes-id': name,
              ...(name === 'outside' && {
                'backstage.io/kubernetes-namespace': 'payments',
              }),
            },
          },
          spec: { type: 'service', owner: 'kn-it', lifecycle: 'production' },
        })),
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'greedy-app',
            namespace: 'default',
            annotations: { 'backstage.io/kubernetes-id': 'shop-web' },
          },
          spec: { type: 'service', owner: 'greedy', lifecycle: 'production' },
        },
      ],
    });
    const credentials = mockCredentials.user('user:default/alice');
    const inside = await model.scopeOf('component:default/inside', credentials);
    expect(inside.components[0].team).toBe('group:default/kn-it');
    // The namespace exists (and is labelled) on dev only.
    expect(inside.components[0].namespaces).toEqual({ dev: namespace });
    expect(inside.problems).toEqual([
      expect.stringContaining(`namespace ${namespace} on prod does not exist`),
    ]);

    const outside = await model.scopeOf(
      'component:default/outside',
      credentials,
    );
    expect(outside.components[0].namespaces).toEqual({});
    expect(outside.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `backstage.io/kubernetes-namespace 'payments' is outside group:default/kn-it's namespace ${namespace} on dev`,
        ),
      ]),
    );

    const greedy = await model.scopeOf(
      'component:default/greedy-app',
      credentials,
    );
    expect(greedy.components[0].namespaces).toEqual({});
    expect(greedy.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'namespace storefront on dev is labelled paasport.io/team=storefront, not greedy',
        ),
      ]),
    );

    const alice = await model.person('user:default/alice');
    expect(alice.identity).toEqual({
      user: 'paasport:user:default/alice',
      groups: ['paasport:group:default/kn-it'],
    });
    expect(() =>
      model.assertMayAct(alice, greedy.components[0], 'dev', 'storefront'),
    ).toThrow(/has no workloads in namespace storefront on dev/);
    const mallory = await model.person('user:default/mallory');
    expect(() =>
      model.assertMayAct(mallory, inside.components[0], 'dev', namespace),
    ).toThrow(
      `user:default/mallory is not a member of group:default/kn-it, which owns namespace ${namespace} on dev`,
    );
  });
});
