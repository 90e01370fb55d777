import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { dryRunBody } from './__testUtils__/environment';
import {
  demoCatalogIngested,
  startScaffolderBackend,
} from './__testUtils__/scaffolderBackend';

// The provider is chosen by config: with scaffolder.defaultEnvironment
// pointing at github.com, the real scaffolder (dry run: nothing is created)
// runs the templates' publish:github step instead of publish:gitea, and
// Paasport's validate step asks GitHub whether the name is free. GitHub is
// not reachable here, so its REST API is answered by msw; everything else
// (scaffolder, catalog, permission policy, clusters) is real. The Gitea path
// runs for real in templates.integration.test.ts.
jest.setTimeout(300_000);

const GITHUB_API = 'https://api.github.com';
// The Paasport policy gives the template editor's dry run to admins only.
// An admin in the demo organisation (catalog/org.yaml), so the actions'
// membership check, which reads the catalog, lets them act for storefront.
const author = 'user:default/carol';
const name = `gh-${Date.now().toString(36)}`;

describe('templates publish to the repository host chosen by config', () => {
  const github = setupServer(
    http.get(`${GITHUB_API}/users/acme`, () =>
      HttpResponse.json({ login: 'acme', type: 'Organization' }),
    ),
    http.get(`${GITHUB_API}/repos/acme/:repo`, ({ params }) =>
      params.repo === 'taken'
        ? HttpResponse.json({ created_at: '2026-01-01T00:00:00Z' })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
    ),
  );
  const asked: string[] = [];
  let api: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    // Only GitHub's API is stood in for; every other request goes out.
    github.listen({ onUnhandledRequest: 'bypass' });
    github.events.on('request:start', ({ request }) => {
      if (request.url.startsWith(GITHUB_API)) {
        asked.push(`${request.method} ${new URL(request.url).pathname}`);
      }
    });
    api = await startScaffolderBackend({
      memberships: {
        [author]: ['group:default/admins', 'group:default/storefront'],
      },
      integrations: { github: [{ host: 'github.com', token: 'ghp_test' }] },
      scaffolder: {
        defaultEnvironment: {
          parameters: { repoHost: 'github.com', repoOwner: 'acme' },
        },
      },
    });
    // The demo team and application, which validate looks up.
    await demoCatalogIngested(api, author);
  });

  afterAll(async () => {
    github.close();
    await api?.backend.stop();
  });

  const values = (service: string) => ({
    name: service,
    owner: 'group:default/storefront',
    system: 'system:default/shop',
    clusters: ['resource:default/dev'],
    ci: 'actions',
    minReplicas: 1,
    maxReplicas: 2,
  });

  it('runs publish:github with the configured owner and registers the catalog entry from GitHub', async () => {
    const res = await api.post(
      author,
      '/api/scaffolder/v2/dry-run',
      dryRunBody('go-service.yaml', values(name)),
    );
    expect(res.status).toBe(200);
    const log: Array<{ body: { message: string; stepId?: string } }> =
      res.body.log;
    const of = (stepId: string) =>
      log
        .filter(l => l.body.stepId === stepId)
        .map(l => l.body.message)
        .join('\n');
    expect(of('validate')).toContain(
      `'${name}' is free in GitHub, the catalog and on dev`,
    );
    expect(asked).toEqual(
      expect.arrayContaining(['GET /users/acme', `GET /repos/acme/${name}`]),
    );
    expect(of('publish-github')).toContain(
      `"repoUrl": "github.com?owner=acme&repo=${name}"`,
    );
    expect(of('publish-github')).toContain('"repoVisibility": "private"');
    expect(of('publish-gitea')).not.toContain('Running publish:gitea');
    expect(of('register')).toContain(
      `"catalogInfoUrl": "https://github.com/acme/${name}/blob/main/catalog-info.yaml"`,
    );
    // The Actions workflow lands where GitHub reads it.
    const paths = (res.body.directoryContents as Array<{ path: string }>).map(
      f => f.path,
    );
    expect(paths).toContain('.github/workflows/ci.yaml');
    expect(paths).not.toContain('.gitea/workflows/ci.yaml');
  });

  it('stops at validation when the repository exists on GitHub', async () => {
    const res = await api.post(
      author,
      '/api/scaffolder/v2/dry-run',
      dryRunBody('go-service.yaml', values('taken')),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining(
        'repository acme/taken already exists on github.com',
      ),
    });
  });
});
