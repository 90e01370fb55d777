import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { NotAllowedError } from '@backstage/errors';
import {
  FakeCluster,
  GITEA,
  GITHUB_API,
  testDepsWithUndoer,
} from '../__testUtils__/fakes';
import { LedgerResource } from './resources';

const server = setupServer();
registerMswTestHooks(server);

const uidOf = (
  cluster: FakeCluster,
  kind: string,
  name: string,
  namespace?: string,
) => cluster.read({ kind, name, namespace })!.metadata.uid!;

const configMap = (name: string, uid: string) =>
  ({
    type: 'kubernetes',
    cluster: 'dev',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'storefront',
    name,
    uid,
    actor: 'initiator',
  } satisfies LedgerResource);

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
    // A namespace this task made, with a pipeline in it.
    fakes.dev.seedTeamNamespace('cart-ns', 'storefront');
    fakes.dev.seed({
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: { name: 'cart-ci', namespace: 'cart-ns' },
    });
    fakes.dev.failOn = (verb, ref) =>
      verb === 'delete' && ref.kind === 'Pipeline'
        ? new Error('dev: HTTP 403: forbidden')
        : undefined;
    const task = 't1';
    const initiator = { initiator: 'user:default/mock' };
    await ledger.record(
      task,
      {
        type: 'gitea-repository',
        host: 'gitea.test',
        owner: 'paasport',
        repo: 'cart',
        freeAt: new Date(Date.now() - 1000).toISOString(),
      },
      { status: 'intended', ...initiator },
    );
    await ledger.record(
      task,
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'cart-ns',
        uid: uidOf(fakes.dev, 'Namespace', 'cart-ns'),
        actor: 'platform',
      },
      initiator,
    );
    await ledger.record(
      task,
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'tekton.dev/v1',
        kind: 'Pipeline',
        namespace: 'cart-ns',
        name: 'cart-ci',
        uid: uidOf(fakes.dev, 'Pipeline', 'cart-ci', 'cart-ns'),
        actor: 'initiator',
      },
      initiator,
    );
    await ledger.record(
      task,
      {
        type: 'gitea-webhook',
        host: 'gitea.test',
        owner: 'paasport',
        repo: 'cart',
        hookId: 5,
      },
      initiator,
    );
    await ledger.record(
      task,
      {
        type: 'kubernetes',
        cluster: 'prod',
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: 'storefront',
        name: 'gone-already',
        uid: 'u-gone',
        actor: 'initiator',
      },
      initiator,
    );

    const lines: string[] = [];
    const report = await undoer.undo(task, l => lines.push(l));

    expect(deleted).toEqual(['hook', 'repo']);
    expect(report.removed).toEqual([
      'webhook 5 of paasport/cart on gitea.test',
      'Namespace cart-ns on cluster dev',
      'repository paasport/cart on gitea.test',
    ]);
    expect(report.notThere).toEqual([
      'Secret storefront/gone-already on cluster prod',
    ]);
    expect(report.failed).toEqual([
      'Pipeline cart-ns/cart-ci on cluster dev: dev: HTTP 403: forbidden',
    ]);
    expect(lines).toContain(
      'Undo: could NOT remove Pipeline cart-ns/cart-ci on cluster dev: dev: HTTP 403: forbidden',
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

    // The person's objects go as the person, the platform's as the platform.
    expect(fakes.dev.calls).toEqual(['delete Namespace//cart-ns as platform']);

    // A second run retries only what failed: the pipeline is gone with its
    // namespace by now.
    fakes.dev.failOn = undefined;
    const again = await undoer.undo(task, () => {});
    expect(again.notThere).toEqual(['Pipeline cart-ns/cart-ci on cluster dev']);
  });

  it("deletes the person's objects as the person who started the task, each by its uid", async () => {
    const { undoer, ledger, fakes } = await setup();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cart', namespace: 'storefront' },
    });
    await ledger.record(
      't',
      configMap('cart', uidOf(fakes.dev, 'ConfigMap', 'cart', 'storefront')),
      { initiator: 'user:default/mock' },
    );
    const report = await undoer.undo('t', () => {});
    expect(report.removed).toEqual([
      'ConfigMap storefront/cart on cluster dev',
    ]);
    expect(fakes.dev.calls).toEqual([
      'delete ConfigMap/storefront/cart as user:default/mock',
    ]);
  });

  it('keeps an object whose name now belongs to a newer object, and one recorded without its uid', async () => {
    const { undoer, ledger, fakes } = await setup();
    fakes.dev.seed(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'replaced', namespace: 'storefront', uid: 'newer' },
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'legacy', namespace: 'storefront' },
      },
    );
    const initiator = { initiator: 'user:default/mock' };
    await ledger.record('t', configMap('replaced', 'older'), initiator);
    const { uid: _, actor: __, ...legacy } = configMap('legacy', 'x');
    await ledger.record('t', legacy, initiator);
    const report = await undoer.undo('t', () => {});
    expect(report.removed).toEqual([]);
    expect(report.kept).toEqual([
      expect.stringMatching(
        /^ConfigMap storefront\/legacy on cluster dev: kept: recorded before Paasport kept the uid/,
      ),
      expect.stringMatching(
        /^ConfigMap storefront\/replaced on cluster dev: kept: the name now belongs to a newer object this task did not create/,
      ),
    ]);
    expect(fakes.dev.calls).toEqual([]);
  });

  it('fails, deleting nothing, once the person who started the task has left the team', async () => {
    const { undoer, ledger, fakes } = await setup();
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cart', namespace: 'storefront' },
    });
    await ledger.record(
      't',
      configMap('cart', uidOf(fakes.dev, 'ConfigMap', 'cart', 'storefront')),
      // Not a member of storefront in the organisation.
      { initiator: 'user:default/bob' },
    );
    const report = await undoer.undo('t', () => {});
    expect(report.failed).toEqual([
      expect.stringContaining(
        'ConfigMap storefront/cart on cluster dev: dev: delete ConfigMap storefront/cart as user:default/bob: refused by the cluster',
      ),
    ]);
    expect(fakes.dev.calls).toEqual([]);
  });

  describe('a namespace the task created', () => {
    async function namespaceTask() {
      const t = await setup();
      const { fakes, ledger } = t;
      fakes.dev.seedTeamNamespace('cart-ns', 'storefront');
      const initiator = { initiator: 'user:default/mock' };
      await ledger.record(
        't',
        {
          type: 'kubernetes',
          cluster: 'dev',
          apiVersion: 'v1',
          kind: 'Namespace',
          name: 'cart-ns',
          uid: uidOf(fakes.dev, 'Namespace', 'cart-ns'),
          actor: 'platform',
        },
        initiator,
      );
      // Its quota and team binding, made with it by the namespace step.
      for (const [apiVersion, kind, name] of [
        ['v1', 'ResourceQuota', 'team-quota'],
        ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'paasport-team'],
      ]) {
        fakes.dev.seed({
          apiVersion,
          kind,
          metadata: { name, namespace: 'cart-ns' },
        });
        await ledger.record(
          't',
          {
            type: 'kubernetes',
            cluster: 'dev',
            apiVersion,
            kind,
            namespace: 'cart-ns',
            name,
            uid: uidOf(fakes.dev, kind, name, 'cart-ns'),
            actor: 'platform',
            withNamespace: true,
          },
          initiator,
        );
      }
      return t;
    }

    it('is kept while it holds objects the task did not create, Secrets included (read as the person)', async () => {
      const { undoer, fakes } = await namespaceTask();
      fakes.dev.seed(
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'db-password', namespace: 'cart-ns' },
        },
        // Kubernetes' own and a controller's objects do not count.
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: 'cart-ns' },
        },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'owned',
            namespace: 'cart-ns',
            ownerReferences: [
              { apiVersion: 'v1', kind: 'Service', name: 's', uid: 's' },
            ],
          },
        },
      );
      const report = await undoer.undo('t', () => {});
      // Its quota and binding stay with it: whoever works there needs them.
      expect(report.kept).toEqual([
        'Namespace cart-ns on cluster dev: kept: it holds objects this task did not create (Secret db-password)',
        'RoleBinding cart-ns/paasport-team on cluster dev: kept with its namespace',
        'ResourceQuota cart-ns/team-quota on cluster dev: kept with its namespace',
      ]);
      expect(fakes.dev.calls).toEqual([]);
    });

    it('is kept when a kind it may hold cannot be listed by the portal nor the person', async () => {
      const { undoer, fakes } = await namespaceTask();
      fakes.dev.failOn = (verb, ref) =>
        verb === 'list' && ref.kind === 'NetworkPolicy'
          ? new NotAllowedError('forbidden')
          : undefined;
      const report = await undoer.undo('t', () => {});
      expect(report.kept[0]).toBe(
        "Namespace cart-ns on cluster dev: kept: could not check it for objects this task did not create; neither the portal nor the task's initiator may list NetworkPolicy (networking.k8s.io/v1)",
      );
      expect(fakes.dev.calls).toEqual([]);
    });

    it("is removed once only Kubernetes' own objects are left", async () => {
      const { undoer, fakes } = await namespaceTask();
      fakes.dev.seed({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: 'cart-ns' },
      });
      const lines: string[] = [];
      const report = await undoer.undo('t', l => lines.push(l));
      expect(report.removed).toEqual([
        'Namespace cart-ns on cluster dev',
        'RoleBinding cart-ns/paasport-team on cluster dev',
        'ResourceQuota cart-ns/team-quota on cluster dev',
      ]);
      expect(lines).toContain(
        'Undo: ResourceQuota cart-ns/team-quota on cluster dev: removed with its namespace',
      );
      // The check ran while the team's binding was still there; one delete.
      expect(fakes.dev.calls).toEqual([
        'delete Namespace//cart-ns as platform',
      ]);
    });

    it('leaves the quota and binding it added to a namespace it did not create', async () => {
      const { undoer, ledger, fakes } = await setup();
      fakes.dev.seed({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'team-quota', namespace: 'storefront' },
      });
      await ledger.record(
        't',
        {
          type: 'kubernetes',
          cluster: 'dev',
          apiVersion: 'v1',
          kind: 'ResourceQuota',
          namespace: 'storefront',
          name: 'team-quota',
          uid: uidOf(fakes.dev, 'ResourceQuota', 'team-quota', 'storefront'),
          actor: 'platform',
          withNamespace: true,
        },
        { initiator: 'user:default/mock' },
      );
      const report = await undoer.undo('t', () => {});
      expect(report.kept).toEqual([
        'ResourceQuota storefront/team-quota on cluster dev: kept: part of the team namespace, which this task did not create',
      ]);
      expect(fakes.dev.calls).toEqual([]);
    });
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
      { status: 'intended', initiator: 'user:default/mock' },
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
      { status: 'intended', initiator: 'user:default/mock' },
    );
    await ledger.record(
      't3',
      { type: 'github-webhook', ...where, hookId: 11 },
      { initiator: 'user:default/mock' },
    );
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
