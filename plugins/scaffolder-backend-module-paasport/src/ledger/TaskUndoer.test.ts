import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITEA, GITHUB_API, testDepsWithUndoer } from '../__testUtils__/fakes';

const server = setupServer();
registerMswTestHooks(server);

async function setup() {
  const { undoer, ...t } = await testDepsWithUndoer();
  return { ...t, undoer };
}

describe('TaskUndoer', () => {
  it('removes newest first, keeps going after a failure and reports each resource', async () => {
    const { undoer, ledger, fakes } = await setup();
    const deleted: string[] = [];
    server.use(
      http.get(`${GITEA}/api/v1/repos/paasport/cart`, () =>
        HttpResponse.json({ id: 1, created_at: new Date().toISOString() }),
      ),
      http.delete(`${GITEA}/api/v1/repos/paasport/cart`, () => {
        deleted.push('repo');
        return new HttpResponse(null, { status: 204 });
      }),
      http.delete(`${GITEA}/api/v1/repos/paasport/cart/hooks/5`, () => {
        deleted.push('hook');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    fakes.dev.seed(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storefront' } },
      {
        apiVersion: 'tekton.dev/v1',
        kind: 'Pipeline',
        metadata: { name: 'cart-ci', namespace: 'storefront' },
      },
    );
    fakes.dev.failOn = (verb, ref) =>
      verb === 'delete' && ref.kind === 'Pipeline'
        ? new Error('dev: HTTP 403: forbidden')
        : undefined;
    const task = 't1';
    await ledger.record(
      task,
      {
        type: 'gitea-repository',
        host: 'gitea.test',
        owner: 'paasport',
        repo: 'cart',
        freeAt: new Date(Date.now() - 1000).toISOString(),
      },
      { status: 'intended' },
    );
    await ledger.record(task, {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'storefront',
    });
    await ledger.record(task, {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      namespace: 'storefront',
      name: 'cart-ci',
    });
    await ledger.record(task, {
      type: 'gitea-webhook',
      host: 'gitea.test',
      owner: 'paasport',
      repo: 'cart',
      hookId: 5,
    });
    await ledger.record(task, {
      type: 'kubernetes',
      cluster: 'prod',
      apiVersion: 'v1',
      kind: 'Secret',
      namespace: 'storefront',
      name: 'gone-already',
    });

    const lines: string[] = [];
    const report = await undoer.undo(task, l => lines.push(l));

    expect(deleted).toEqual(['hook', 'repo']);
    expect(report.removed).toEqual([
      'webhook 5 of paasport/cart on gitea.test',
      'Namespace storefront on cluster dev',
      'repository paasport/cart on gitea.test',
    ]);
    expect(report.notThere).toEqual([
      'Secret storefront/gone-already on cluster prod',
    ]);
    expect(report.failed).toEqual([
      'Pipeline storefront/cart-ci on cluster dev: dev: HTTP 403: forbidden',
    ]);
    expect(lines).toContain(
      'Undo: could NOT remove Pipeline storefront/cart-ci on cluster dev: dev: HTTP 403: forbidden',
    );
    expect(lines.at(-1)).toBe(
      'Undo finished: 3 removed, 1 not there, 0 kept, 1 could not be removed',
    );
    expect((await ledger.entries(task)).map(e => e.status)).toEqual([
      'gone',
      'removed',
      'failed',
      'removed',
      'removed',
    ]);

    // A second run retries only what failed.
    fakes.dev.failOn = undefined;
    const again = await undoer.undo(task, () => {});
    expect(again.removed).toEqual([
      'Pipeline storefront/cart-ci on cluster dev',
    ]);
  });

  it('keeps a repository that existed before the task checked the name', async () => {
    const { undoer, ledger } = await setup();
    let deleted = false;
    server.use(
      http.get(`${GITEA}/api/v1/repos/paasport/old`, () =>
        HttpResponse.json({ id: 1, created_at: '2020-01-01T00:00:00Z' }),
      ),
      http.delete(`${GITEA}/api/v1/repos/paasport/old`, () => {
        deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    await ledger.record(
      't2',
      {
        type: 'gitea-repository',
        host: 'gitea.test',
        owner: 'paasport',
        repo: 'old',
        freeAt: new Date().toISOString(),
      },
      { status: 'intended' },
    );
    const report = await undoer.undo('t2', () => {});
    expect(deleted).toBe(false);
    expect(report.kept[0]).toContain(
      'before this task checked the name was free',
    );
  });

  it('removes a GitHub repository and its webhook through the GitHub API', async () => {
    const { undoer, ledger } = await setup();
    const deleted: string[] = [];
    server.use(
      http.get(`${GITHUB_API}/repos/acme/cart`, () =>
        HttpResponse.json({ created_at: new Date().toISOString() }),
      ),
      http.delete(`${GITHUB_API}/repos/acme/cart/hooks/11`, () => {
        deleted.push('hook');
        return new HttpResponse(null, { status: 204 });
      }),
      http.delete(`${GITHUB_API}/repos/acme/cart`, () => {
        deleted.push('repository');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const where = { host: 'github.com', owner: 'acme', repo: 'cart' };
    await ledger.record(
      't3',
      {
        type: 'github-repository',
        ...where,
        freeAt: new Date(Date.now() - 1000).toISOString(),
      },
      { status: 'intended' },
    );
    await ledger.record('t3', {
      type: 'github-webhook',
      ...where,
      hookId: 11,
    });
    const lines: string[] = [];
    const report = await undoer.undo('t3', l => lines.push(l));
    expect(deleted).toEqual(['hook', 'repository']);
    expect(report.removed).toEqual([
      'webhook 11 of acme/cart on github.com',
      'repository acme/cart on github.com',
    ]);
    expect(lines.at(-1)).toBe(
      'Undo finished: 2 removed, 0 not there, 0 kept, 0 could not be removed',
    );
  });

  it('says when there is nothing to undo', async () => {
    const { undoer } = await setup();
    const lines: string[] = [];
    await undoer.undo('nothing', l => lines.push(l));
    expect(lines).toEqual(['Undo: this task recorded nothing to remove']);
  });
});
