import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITEA, testDeps } from '../../__testUtils__/fakes';
import {
  createValidateServiceAction,
  serviceNameProblem,
} from './validateService';

const server = setupServer();
registerMswTestHooks(server);

function gitea(existingRepos: string[] = []) {
  server.use(
    http.get(`${GITEA}/api/v1/orgs/paasport`, () =>
      HttpResponse.json({ id: 1 }),
    ),
    http.get(
      `${GITEA}/api/v1/orgs/:org`,
      () => new HttpResponse(null, { status: 404 }),
    ),
    http.get(`${GITEA}/api/v1/repos/paasport/:repo`, ({ params }) =>
      existingRepos.includes(String(params.repo))
        ? HttpResponse.json({
            id: 7,
            name: params.repo,
            created_at: '2026-01-01T00:00:00Z',
          })
        : new HttpResponse(null, { status: 404 }),
    ),
  );
}

const input = (name: string, extra: object = {}) => ({
  name,
  team: 'group:default/storefront',
  system: 'system:default/shop',
  clusters: ['dev', 'prod'],
  repoUrl: `gitea.test?owner=paasport&repo=${name}`,
  ...extra,
});

describe('serviceNameProblem', () => {
  it.each([
    ['a'],
    ['Shop'],
    ['shop_api'],
    ['-shop'],
    ['shop-'],
    ['x'.repeat(41)],
  ])('rejects %p', name => expect(serviceNameProblem(name)).toBeDefined());
  it.each([['ab'], ['shop-api2'], ['x'.repeat(40)]])('accepts %p', name =>
    expect(serviceNameProblem(name)).toBeUndefined(),
  );
});

describe('paasport:service:validate', () => {
  it('passes a free name and records what publish and register will create', async () => {
    gitea();
    const { deps, ledger } = await testDeps();
    const ctx = createMockActionContext({ input: input('cart') });
    await createValidateServiceAction(deps).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('namespace', 'storefront');
    expect(ctx.output).toHaveBeenCalledWith(
      'repositoryUrl',
      `${GITEA}/paasport/cart`,
    );
    const entries = await ledger.entries('mock-task-id');
    expect(entries.map(e => [e.status, e.resource.type])).toEqual([
      ['intended', 'catalog-location'],
      ['intended', 'gitea-repository'],
    ]);
    expect(entries[0].resource).toMatchObject({
      target: `${GITEA}/paasport/cart/`,
      entityRef: 'component:default/cart',
    });
  });

  it('reports every input problem at once and records nothing', async () => {
    gitea();
    const { deps, ledger } = await testDeps();
    const ctx = createMockActionContext({
      input: input('Bad_Name', {
        clusters: ['dev', 'staging'],
        system: 'system:default/nope',
      }),
    });
    const error = await createValidateServiceAction(deps)
      .handler(ctx as any)
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain("'Bad_Name' must be lower-case letters");
    expect(error.message).toContain("Unknown cluster 'staging'");
    expect(error.message).toContain(
      'system:default/nope does not exist in the catalog',
    );
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });

  it('finds the name taken in the catalog, in Gitea and on a cluster', async () => {
    gitea(['shop-api']);
    const { deps, fakes } = await testDeps();
    fakes.prod.seed({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop-api', namespace: 'storefront' },
    });
    const error = await createValidateServiceAction(deps)
      .handler(createMockActionContext({ input: input('shop-api') }) as any)
      .catch(e => e);
    expect(error.name).toBe('ConflictError');
    expect(error.message).toBe(
      "The name 'shop-api' is not free: component:default/shop-api already exists in the catalog; " +
        'repository paasport/shop-api already exists on gitea.test; prod: Deployment storefront/shop-api exists',
    );
  });

  it('refuses a namespace labelled for another team', async () => {
    gitea();
    const { deps, fakes } = await testDeps({ seedNamespaces: false });
    fakes.dev.seedTeamNamespace('storefront', 'payments');
    const error = await createValidateServiceAction(deps)
      .handler(createMockActionContext({ input: input('cart') }) as any)
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      "namespace storefront on dev is labelled paasport.io/team=payments, not paasport.io/team=storefront: it is not group:default/storefront's, so nothing was changed",
    );
  });

  it('passes while the team namespace does not exist yet', async () => {
    gitea();
    const { deps } = await testDeps({ seedNamespaces: false });
    const ctx = createMockActionContext({ input: input('cart') });
    await createValidateServiceAction(deps).handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('namespaces', {
      dev: 'storefront',
      prod: 'storefront',
    });
  });

  it('refuses a member of one team choosing another team, naming team and namespace, whatever the token claims', async () => {
    gitea();
    const { deps, ledger, auditor } = await testDeps();
    const error = await createValidateServiceAction(deps)
      .handler(
        createMockActionContext({
          input: input('cart', { team: 'payments' }),
        }) as any,
      )
      .catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toBe(
      'user:default/mock is not a member of group:default/payments, which owns namespace payments on dev, payments-prod on prod: only its members and portal admins may create services there',
    );
    expect(await ledger.entries('mock-task-id')).toEqual([]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'team-namespace-access',
        meta: expect.objectContaining({
          action: 'paasport:service:validate',
          team: 'group:default/payments',
        }),
      }),
    );
  });

  it('refuses a team Group that is not trusted (e.g. from a user-registered location)', async () => {
    gitea();
    const { deps } = await testDeps();
    const error = await createValidateServiceAction(deps)
      .handler(
        createMockActionContext({
          input: input('cart', { team: 'group:default/forged' }),
        }) as any,
      )
      .catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'group:default/forged is not a team Paasport knows',
    );
  });

  it('stops on missing permission before touching Gitea', async () => {
    let giteaCalled = false;
    server.use(
      http.all(`${GITEA}/*`, () => {
        giteaCalled = true;
        return new HttpResponse(null, { status: 500 });
      }),
    );
    const { deps, ledger } = await testDeps({ systemAllowed: false });
    await expect(
      createValidateServiceAction(deps).handler(
        createMockActionContext({ input: input('cart') }) as any,
      ),
    ).rejects.toThrow(
      'You may not add services to system:default/shop: only its owners and portal admins may',
    );
    expect(giteaCalled).toBe(false);
    expect(await ledger.entries('mock-task-id')).toEqual([]);
  });

  it('lets admins create for any team', async () => {
    gitea();
    const { deps } = await testDeps({
      permission: 'allow',
      memberOf: ['admins'],
    });
    await expect(
      createValidateServiceAction(deps).handler(
        createMockActionContext({
          input: input('cart', { team: 'payments' }),
        }) as any,
      ),
    ).resolves.toBeUndefined();
  });

  it('rejects a repository name that differs from the service name', async () => {
    gitea();
    const { deps } = await testDeps();
    await expect(
      createValidateServiceAction(deps).handler(
        createMockActionContext({
          input: input('cart', {
            repoUrl: 'gitea.test?owner=paasport&repo=other',
          }),
        }) as any,
      ),
    ).rejects.toThrow("repoUrl names repository 'other', expected 'cart'");
  });
});
