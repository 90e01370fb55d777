import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testDeps } from '../../__testUtils__/fakes';
import { createEnsureNamespaceAction } from './ensureNamespace';

const input = {
  team: 'group:default/storefront',
  system: 'system:default/shop',
  clusters: ['dev', 'resource:default/prod'],
};

describe('paasport:namespace:ensure', () => {
  it("creates namespace, quota, limits and the team's binding where missing, as the platform, and records them", async () => {
    const { deps, fakes, ledger } = await testDeps({ seedNamespaces: false });
    // prod already has the namespace and its quota: both are kept as they are.
    fakes.prod.seedTeamNamespace('storefront', 'storefront');
    fakes.prod.seed({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'team-quota', namespace: 'storefront' },
    });
    const ctx = createMockActionContext({ input });
    await createEnsureNamespaceAction(deps).handler(ctx as any);

    // Created (never applied over something that exists) as the platform.
    expect(fakes.dev.calls).toEqual([
      'create Namespace//storefront as platform',
      'create ResourceQuota/storefront/team-quota as platform',
      'create LimitRange/storefront/team-defaults as platform',
      'create RoleBinding/storefront/paasport-team as platform',
      'create RoleBinding/storefront/paasport-portal-impersonation as platform',
    ]);
    expect(fakes.prod.calls).toEqual([
      'create LimitRange/storefront/team-defaults as platform',
      'create RoleBinding/storefront/paasport-team as platform',
      'create RoleBinding/storefront/paasport-portal-impersonation as platform',
    ]);
    expect(
      fakes.dev.read({ kind: 'Namespace', name: 'storefront' }),
    ).toMatchObject({
      metadata: {
        labels: { 'paasport.io/team': 'storefront' },
        annotations: { 'paasport.io/scaffolder-task': 'mock-task-id' },
      },
    });
    // The team's group as the portal impersonates it, to the team role.
    expect(
      fakes.dev.read({
        kind: 'RoleBinding',
        namespace: 'storefront',
        name: 'paasport-team',
      }),
    ).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'paasport-team' },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'paasport:group:default/storefront',
        },
      ],
    });

    const entries = await ledger.entries('mock-task-id');
    expect(
      entries.map(e => {
        const r = e.resource as any;
        return `${r.cluster} ${r.kind} ${r.actor} ${
          r.uid
        } ${!!r.withNamespace}`;
      }),
    ).toEqual([
      'prod RoleBinding platform prod-uid-5 true',
      'prod RoleBinding platform prod-uid-4 true',
      'prod LimitRange platform prod-uid-3 true',
      'dev RoleBinding platform dev-uid-5 true',
      'dev RoleBinding platform dev-uid-4 true',
      'dev LimitRange platform dev-uid-3 true',
      'dev ResourceQuota platform dev-uid-2 true',
      'dev Namespace platform dev-uid-1 false',
    ]);
    expect(entries.every(e => e.initiator === 'user:default/mock')).toBe(true);
    // The portal may act for people in the namespace, nowhere else.
    expect(
      fakes.dev.read({
        kind: 'RoleBinding',
        namespace: 'storefront',
        name: 'paasport-portal-impersonation',
      }),
    ).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'paasport-portal-impersonation' },
      subjects: [
        {
          kind: 'ServiceAccount',
          namespace: 'paasport-system',
          name: 'paasport-portal',
        },
      ],
    });
    expect(ctx.output).toHaveBeenCalledWith('namespaces', {
      dev: 'storefront',
      prod: 'storefront',
    });
  });

  it('takes a ClusterRole for the team from paasport.tenancy.teamRole', async () => {
    const { deps, fakes } = await testDeps({ seedNamespaces: false });
    deps.config.tenancy.teamRole = 'acme-developer';
    await createEnsureNamespaceAction(deps).handler(
      createMockActionContext({
        input: { ...input, clusters: ['dev'] },
      }) as any,
    );
    expect(
      fakes.dev.read({
        kind: 'RoleBinding',
        namespace: 'storefront',
        name: 'paasport-team',
      }),
    ).toMatchObject({ roleRef: { name: 'acme-developer' } });
  });

  it("uses the team's per-cluster namespace", async () => {
    const { deps, fakes } = await testDeps({ memberOf: ['payments'] });
    const ctx = createMockActionContext({
      input: { ...input, team: 'payments', clusters: ['dev', 'prod'] },
    });
    await createEnsureNamespaceAction(deps).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('namespaces', {
      dev: 'payments',
      prod: 'payments-prod',
    });
    expect(
      fakes.prod.read({ kind: 'Namespace', name: 'payments-prod' }),
    ).toBeDefined();
  });

  it('refuses a namespace labelled for another team and changes nothing', async () => {
    const { deps, fakes, ledger } = await testDeps({ seedNamespaces: false });
    fakes.dev.seedTeamNamespace('storefront', 'payments');
    const ctx = createMockActionContext({
      input: { ...input, clusters: ['dev'] },
    });
    await expect(
      createEnsureNamespaceAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      "namespace storefront on dev is labelled paasport.io/team=payments, not paasport.io/team=storefront: it is not group:default/storefront's, so nothing was changed",
    );
    expect(fakes.dev.calls).toEqual([]);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });

  it('stops before any change for a user outside the team, naming team and namespace, and audits the refusal', async () => {
    const { deps, fakes, auditor } = await testDeps({
      memberOf: ['payments'],
      seedNamespaces: false,
    });
    const ctx = createMockActionContext({ input });
    await expect(
      createEnsureNamespaceAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      'user:default/mock is not a member of group:default/storefront, which owns namespace storefront on dev, storefront on prod: only its members and portal admins may create services there',
    );
    expect(fakes.dev.calls).toEqual([]);
    expect(fakes.prod.calls).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'team-namespace-access',
        meta: expect.objectContaining({
          actor: 'user:default/mock',
          team: 'group:default/storefront',
          namespaces: { dev: 'storefront', prod: 'storefront' },
        }),
      }),
    );
    const event = await auditor.createEvent.mock.results[0].value;
    expect(event.fail).toHaveBeenCalled();
    expect(event.success).not.toHaveBeenCalled();
  });

  it('lets an admin act for any team', async () => {
    const { deps, fakes } = await testDeps({ memberOf: ['admins'] });
    await createEnsureNamespaceAction(deps).handler(
      createMockActionContext({
        input: { ...input, team: 'payments', clusters: ['dev'] },
      }) as any,
    );
    expect(
      fakes.dev.read({ kind: 'Namespace', name: 'payments' }),
    ).toBeDefined();
  });

  it('refuses a Group that is not a trusted team', async () => {
    const { deps, fakes } = await testDeps();
    await expect(
      createEnsureNamespaceAction(deps).handler(
        createMockActionContext({
          input: { ...input, team: 'group:default/forged' },
        }) as any,
      ),
    ).rejects.toThrow(
      'group:default/forged is not a team Paasport knows: a team is a Group from an admin-controlled catalog location',
    );
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
    const { deps, fakes, ledger } = await testDeps({ seedNamespaces: false });
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
