import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DecommissionScope } from '../scope/DecommissionScope';
import { scopeWithoutClusters } from '../../__testUtils__/scopes';
import { SourceRepositories } from './SourceRepositories';

/*
 * Against a small stand-in for the repository endpoint of Gitea
 * (/api/v1/repos/:owner/:repo, basic auth) or GitHub (/repos/:owner/:repo,
 * token): GET and PATCH, which is all the archiver uses. The real Gitea is
 * in SourceRepositories.integration.test.ts; GitHub is out of reach here.
 */

interface FakeRepo {
  archived: boolean;
  /** Answer PATCH with this status instead. */
  refuse?: number;
}

async function fakeHost(repos: Record<string, FakeRepo>, apiPrefix: string) {
  const requests: Array<{ method: string; path: string; auth?: string }> = [];
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method!,
      path: req.url!,
      auth: req.headers.authorization,
    });
    const match = new RegExp(`^${apiPrefix}/repos/([^/]+)/([^/]+)$`).exec(
      req.url ?? '',
    );
    const repo = match && repos[`${match[1]}/${match[2]}`];
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!repo) return send(404, { message: "The target couldn't be found." });
    if (req.method === 'GET') return send(200, { archived: repo.archived });
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (repo.refuse)
        return send(repo.refuse, { message: 'token has no repo scope' });
      repo.archived = JSON.parse(body).archived;
      return send(200, { archived: repo.archived });
    });
    return undefined;
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

function component(name: string, source?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: source
        ? { 'backstage.io/source-location': `url:${source}` }
        : {},
    },
    spec: { type: 'service', owner: 'group:default/storefront' },
  };
}

function scope(...entities: Entity[]): DecommissionScope {
  return scopeWithoutClusters({
    root: entities[0],
    rootRef: `component:default/${entities[0].metadata.name}`,
    kind: 'Component',
    entities,
    components: entities,
  });
}

describe('SourceRepositories', () => {
  let gitea: Awaited<ReturnType<typeof fakeHost>>;
  let github: Awaited<ReturnType<typeof fakeHost>>;
  const repos: Record<string, FakeRepo> = {};
  const credentials = mockCredentials.user();

  beforeEach(async () => {
    Object.assign(repos, {
      'paasport/legacy-api': { archived: false },
      'paasport/monorepo': { archived: false },
      'paasport/old': { archived: true },
      'paasport/locked': { archived: false, refuse: 403 },
    });
    gitea = await fakeHost(repos, '/api/v1');
    github = await fakeHost(repos, '');
  });
  afterEach(() => Promise.all([gitea.close(), github.close()]));

  function repositories(others: Entity[] = []) {
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          gitea: [
            {
              host: gitea.host,
              baseUrl: `http://${gitea.host}`,
              username: 'portal',
              password: 'token-123',
            },
          ],
          github: [
            {
              host: 'ghe.test',
              apiBaseUrl: `http://${github.host}`,
              token: 'ghp-123',
            },
          ],
        },
      }),
    );
    return new SourceRepositories({
      integrations,
      catalog: catalogServiceMock({ entities: others }),
    });
  }

  it('plans to archive an unshared repository and archives it with the integration account', async () => {
    const api = component(
      'legacy-api',
      `http://${gitea?.host}/paasport/legacy-api/src/branch/main/`,
    );
    const subject = repositories([api]);
    const [item] = await subject.plan(scope(api), credentials);
    expect(item).toMatchObject({
      key: `repository:http://${gitea.host}/paasport/legacy-api`,
      action: 'archive',
      entityRef: 'component:default/legacy-api',
      target: { type: 'repository', owner: 'paasport', repo: 'legacy-api' },
    });
    if (item.target.type !== 'repository') throw new Error('unexpected');
    expect(await subject.archive(item.target)).toBe('archived');
    expect(repos['paasport/legacy-api'].archived).toBe(true);
    expect(gitea.requests.at(-1)).toEqual({
      method: 'PATCH',
      path: '/api/v1/repos/paasport/legacy-api',
      auth: `basic ${Buffer.from('portal:token-123').toString('base64')}`,
    });
    // Again: archiving an archived repository is harmless.
    expect(await subject.archive(item.target)).toBe('archived');
  });

  it('keeps a repository that other entities still build from, and reports archived and missing ones', async () => {
    const base = `http://${gitea?.host}/paasport`;
    const inScope = [
      component('legacy-api', `${base}/monorepo/src/branch/main/api/`),
      component('legacy-web', `${base}/old/`),
      component('legacy-job', `${base}/gone/`),
    ];
    const other = component(
      'billing',
      `${base}/monorepo/src/branch/main/billing/`,
    );
    const items = await repositories([...inScope, other]).plan(
      scope(...inScope),
      credentials,
    );
    expect(
      items.map(i => [
        i.target.type === 'repository' && i.target.repo,
        i.action,
        i.note,
      ]),
    ).toEqual([
      ['gone', 'none', `Not found on ${gitea.host}: nothing to archive`],
      [
        'monorepo',
        'none',
        'Kept: also the source of component:default/billing',
      ],
      ['old', 'none', 'Already archived'],
    ]);
    expect(gitea.requests.every(r => r.method === 'GET')).toBe(true);
  });

  it('leaves repositories on hosts without an integration alone, and reports a refusal', async () => {
    const elsewhere = component(
      'legacy-api',
      'https://git.example.invalid/acme/legacy-api',
    );
    const [item] = await repositories([elsewhere]).plan(
      scope(elsewhere),
      credentials,
    );
    expect(item).toMatchObject({
      action: 'none',
      note: 'Not archived: no Gitea or GitHub integration is configured for git.example.invalid',
    });

    const unannotated = component('legacy-api');
    const [none] = await repositories().plan(scope(unannotated), credentials);
    expect(none).toMatchObject({ key: 'repository:none', action: 'none' });

    await expect(
      repositories().archive({
        type: 'repository',
        url: `http://${gitea.host}/paasport/locked`,
        host: gitea.host,
        owner: 'paasport',
        repo: 'locked',
      }),
    ).rejects.toThrow(
      'Gitea refused to archive paasport/locked: HTTP 403 token has no repo scope',
    );
    expect(repos['paasport/locked'].archived).toBe(false);
  });

  it('archives a repository on GitHub (Enterprise here) with the integration token, and reports its refusal', async () => {
    const api = component(
      'legacy-api',
      'https://ghe.test/paasport/legacy-api/tree/main/',
    );
    const subject = repositories([api]);
    const [item] = await subject.plan(scope(api), credentials);
    expect(item).toMatchObject({
      key: 'repository:https://ghe.test/paasport/legacy-api',
      action: 'archive',
      target: { type: 'repository', host: 'ghe.test', repo: 'legacy-api' },
    });
    if (item.target.type !== 'repository') throw new Error('unexpected');
    expect(await subject.archive(item.target)).toBe('archived');
    expect(repos['paasport/legacy-api'].archived).toBe(true);
    expect(github.requests).toEqual([
      {
        method: 'GET',
        path: '/repos/paasport/legacy-api',
        auth: 'Bearer ghp-123',
      },
      {
        method: 'PATCH',
        path: '/repos/paasport/legacy-api',
        auth: 'Bearer ghp-123',
      },
    ]);
    expect(gitea.requests).toEqual([]);

    await expect(
      subject.archive({
        type: 'repository',
        url: 'https://ghe.test/paasport/locked',
        host: 'ghe.test',
        owner: 'paasport',
        repo: 'locked',
      }),
    ).rejects.toThrow(
      'GitHub refused to archive paasport/locked: HTTP 403 token has no repo scope',
    );
    expect(repos['paasport/locked'].archived).toBe(false);
  });
});
