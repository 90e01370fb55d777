import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testDeps } from '../../__testUtils__/fakes';
import { createApplyManifestsAction } from './applyManifests';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
spec:
  selector: { matchLabels: { app: cart } }
  template: { metadata: { labels: { app: cart } }, spec: { containers: [{ name: app, image: cart:1 }] } }
---
apiVersion: v1
kind: Service
metadata:
  name: cart
spec:
  ports: [{ port: 80 }]
`;

const input = {
  team: 'group:default/storefront',
  system: 'system:default/shop',
  clusters: ['dev'],
};

describe('paasport:kubernetes:apply', () => {
  const dir = createMockDirectory();

  it('applies into the team namespace as the user, labels, and records only new objects with their uid', async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes, ledger } = await testDeps();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart', namespace: 'storefront' },
    });
    const ctx = createMockActionContext({ input, workspacePath: dir.path });
    await createApplyManifestsAction(deps).handler(ctx as any);

    expect(fakes.dev.calls).toEqual([
      'apply Deployment/storefront/cart as user:default/mock',
      'apply Service/storefront/cart as user:default/mock',
    ]);
    const applied: any = fakes.dev.read({
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'cart',
    });
    expect(applied.metadata.labels).toMatchObject({
      'paasport.io/team': 'storefront',
      'app.kubernetes.io/managed-by': 'paasport-scaffolder',
    });
    expect(applied.metadata.annotations).toMatchObject({
      'paasport.io/scaffolder-task': 'mock-task-id',
    });
    // The Service existed before: undo must not delete it.
    const entries = await ledger.entries('mock-task-id');
    expect(entries.map(e => e.resource)).toEqual([
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: 'storefront',
        name: 'cart',
        uid: applied.metadata.uid,
        actor: 'initiator',
      },
    ]);
    expect(entries[0].initiator).toBe('user:default/mock');
  });

  it.each([
    [
      'a RoleBinding to admin',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: take-over }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin }\nsubjects: [{ kind: Group, name: everyone }]\n',
      "k8s/z.yaml: RoleBinding take-over (to ClusterRole admin): access in a team namespace is the platform's to grant (the team's group has RoleBinding paasport-team to ClusterRole paasport-team); a template may not create or change Roles or RoleBindings. Nothing was applied.",
    ],
    [
      'a ResourceQuota',
      'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: team-quota }\nspec: { hard: { pods: "1000" } }\n',
      "k8s/z.yaml: ResourceQuota team-quota: the quota and limit range of a team namespace are the platform's (paasport:namespace:ensure makes them); a template may not create or change them. Nothing was applied.",
    ],
    [
      'a NetworkPolicy (not in the team role)',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: open }\nspec: { podSelector: {} }\n',
      'k8s/z.yaml: NetworkPolicy open: the cluster does not let user:default/mock manage NetworkPolicy objects in namespace storefront on dev (the team role paasport-team does not include them; ask the platform team if your team needs them). Nothing was applied.',
    ],
  ])(
    'refuses %s before applying anything',
    async (_case, manifest, message) => {
      const { deps, fakes, ledger } = await testDeps();
      dir.setContent({ 'k8s/a.yaml': deployment, 'k8s/z.yaml': manifest });
      await expect(
        createApplyManifestsAction(deps).handler(
          createMockActionContext({ input, workspacePath: dir.path }) as any,
        ),
      ).rejects.toThrow(message);
      expect(fakes.dev.calls).toEqual([]);
      expect(await ledger.entries('mock-task-id')).toEqual([]);
    },
  );

  it('refuses cluster-scoped objects and other namespaces before applying anything', async () => {
    const { deps, fakes } = await testDeps();
    dir.setContent({
      'k8s/a.yaml': deployment,
      'k8s/b.yaml':
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: evil }\n',
    });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow('k8s/b.yaml: ClusterRole evil is cluster-scoped');

    dir.setContent({
      'k8s/a.yaml': deployment.replace(
        'name: cart\nspec:\n  selector',
        'name: cart\n  namespace: payments\nspec:\n  selector',
      ),
    });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(
      'names namespace payments; it must be the team namespace storefront',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it("refuses another team's namespace for a member of one team, naming both, before anything is read or written", async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes } = await testDeps();
    fakes.dev.seedTeamNamespace('payments', 'payments');
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({
          input: { ...input, team: 'group:default/payments' },
          workspacePath: dir.path,
        }) as any,
      ),
    ).rejects.toThrow(
      'user:default/mock is not a member of group:default/payments, which owns namespace payments on dev',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it('needs the team namespace to exist (the namespace step makes it)', async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes } = await testDeps({ seedNamespaces: false });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(
      'namespace storefront of group:default/storefront does not exist on dev',
    );
    expect(fakes.dev.calls).toEqual([]);
  });

  it('reports bad YAML with its file', async () => {
    const { deps } = await testDeps();
    dir.setContent({ 'k8s/a.yaml': 'kind: [unclosed' });
    await expect(
      createApplyManifestsAction(deps).handler(
        createMockActionContext({ input, workspacePath: dir.path }) as any,
      ),
    ).rejects.toThrow(/^k8s\/a.yaml: /);
  });

  it('dry-runs without writing or recording, also before the namespace exists', async () => {
    dir.setContent({ 'k8s/app.yaml': deployment });
    const { deps, fakes, ledger } = await testDeps({ seedNamespaces: false });
    fakes.prod.seedTeamNamespace('storefront', 'storefront');
    const ctx = {
      ...createMockActionContext({
        input: { ...input, clusters: ['dev', 'prod'] },
        workspacePath: dir.path,
      }),
      isDryRun: true,
    };
    const info = jest.spyOn(ctx.logger, 'info');
    await createApplyManifestsAction(deps).handler(ctx as any);
    expect(fakes.dev.calls).toEqual([]);
    expect(fakes.prod.calls).toEqual([]);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
    expect(info).toHaveBeenCalledWith(
      'dev: would apply Deployment storefront/cart (namespace not there yet)',
    );
    expect(info).toHaveBeenCalledWith(
      'prod: would create Deployment storefront/cart as user:default/mock',
    );
  });
});
