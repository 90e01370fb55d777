import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testDeps } from '../../__testUtils__/fakes';
import { createEnsureNamespaceAction } from './ensureNamespace';

const input = {
  team: 'group:default/storefront',
  system: 'system:default/shop',
  clusters: ['dev', 'resource:default/prod'],
};

describe('paasport:namespace:ensure', () => {
  it('creates namespace, quota, limits and team access where missing and records them', async () => {
    const { deps, fakes, ledger } = await testDeps();
    // prod already has the namespace and its quota: both are kept as they are.
    fakes.prod.seed(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'storefront',
          labels: { 'paasport.io/team': 'storefront' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'team-quota', namespace: 'storefront' },
      },
    );
    const ctx = createMockActionContext({ input });
    await createEnsureNamespaceAction(deps).handler(ctx as any);

    expect(fakes.dev.calls).toEqual([
      'create Namespace//storefront',
      'create ResourceQuota/storefront/team-quota',
      'create LimitRange/storefront/team-defaults',
      'create RoleBinding/storefront/team-storefront-edit',
    ]);
    expect(fakes.prod.calls).toEqual([
      'create LimitRange/storefront/team-defaults',
      'create RoleBinding/storefront/team-storefront-edit',
    ]);
    const ns = await fakes.dev.read({
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'storefront',
    });
    expect(ns?.metadata?.labels).toMatchObject({
      'paasport.io/team': 'storefront',
    });
    const binding: any = await fakes.dev.read({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      namespace: 'storefront',
      name: 'team-storefront-edit',
    });
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'paasport:team:storefront',
      },
    ]);

    const entries = await ledger.entries('mock-task-id');
    expect(
      entries.map(
        e => `${(e.resource as any).cluster} ${(e.resource as any).kind}`,
      ),
    ).toEqual([
      'prod RoleBinding',
      'prod LimitRange',
      'dev RoleBinding',
      'dev LimitRange',
      'dev ResourceQuota',
      'dev Namespace',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('namespaces', {
      dev: 'storefront',
      prod: 'storefront',
    });
  });

  it("uses the team's per-cluster namespace", async () => {
    const { deps, fakes } = await testDeps({
      claims: ['group:default/payments'],
    });
    const ctx = createMockActionContext({
      input: { ...input, team: 'payments', clusters: ['dev', 'prod'] },
    });
    await createEnsureNamespaceAction(deps).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('namespaces', {
      dev: 'payments',
      prod: 'payments-prod',
    });
    expect(
      await fakes.prod.read({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'payments-prod',
      }),
    ).toBeDefined();
  });

  it('refuses a namespace that belongs to another team and changes nothing', async () => {
    const { deps, fakes, ledger } = await testDeps();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'storefront',
        labels: { 'paasport.io/team': 'payments' },
      },
    });
    const ctx = createMockActionContext({
      input: { ...input, clusters: ['dev'] },
    });
    await expect(
      createEnsureNamespaceAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      'dev: namespace storefront exists but belongs to team payments',
    );
    expect(fakes.dev.calls).toEqual([]);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });

  it('stops before any change for a user outside the team', async () => {
    const { deps, fakes } = await testDeps({
      claims: ['group:default/payments'],
    });
    const ctx = createMockActionContext({ input });
    await expect(
      createEnsureNamespaceAction(deps).handler(ctx as any),
    ).rejects.toThrow('You are not a member of group:default/storefront');
    expect(fakes.dev.calls).toEqual([]);
  });

  it('rejects an unknown cluster', async () => {
    const { deps, fakes } = await testDeps();
    const ctx = createMockActionContext({
      input: { ...input, clusters: ['dev', 'staging'] },
    });
    await expect(
      createEnsureNamespaceAction(deps).handler(ctx as any),
    ).rejects.toThrow("Unknown cluster 'staging'; known clusters: dev, prod");
    expect(fakes.dev.calls).toEqual([]);
  });

  it('only reports in a dry run', async () => {
    const { deps, fakes, ledger } = await testDeps();
    const ctx = { ...createMockActionContext({ input }), isDryRun: true };
    await createEnsureNamespaceAction(deps).handler(ctx as any);
    expect(fakes.dev.calls).toEqual([]);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });

  it('audits each cluster', async () => {
    const { deps, auditor } = await testDeps();
    await createEnsureNamespaceAction(deps).handler(
      createMockActionContext({ input }) as any,
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'namespace-ensure',
        meta: expect.objectContaining({
          cluster: 'prod',
          namespace: 'storefront',
          team: 'group:default/storefront',
        }),
      }),
    );
  });
});
