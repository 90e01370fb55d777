import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GITHUB_API } from '../__testUtils__/fakes';
import { repositoryHost, repositoryHostFor } from './repositoryHostFor';

// GitHub cannot be reached from where these tests run, so its REST contract
// (paths, bodies, auth header) is checked here; the same code paths run for
// real against Gitea in templates.integration.test.ts.
const server = setupServer();
registerMswTestHooks(server);

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [{ host: 'github.com', token: 'ghp_test' }],
      gitea: [{ host: 'gitea.test', baseUrl: 'http://gitea.test' }],
    },
  }),
);
const cart = () =>
  repositoryHostFor(integrations, 'github.com?owner=acme&repo=cart');

describe('repositoryHostFor', () => {
  it('picks the integration that serves the host', () => {
    expect(cart()).toMatchObject({
      provider: 'github',
      webUrl: 'https://github.com/acme/cart',
    });
    expect(cart().contentsUrl('main')).toBe(
      'https://github.com/acme/cart/blob/main/',
    );
    const gitea = repositoryHostFor(
      integrations,
      'gitea.test?owner=paasport&repo=cart',
    );
    expect(gitea).toMatchObject({
      provider: 'gitea',
      webUrl: 'http://gitea.test/paasport/cart',
    });
    expect(gitea.contentsUrl('main')).toBe(
      'http://gitea.test/paasport/cart/src/branch/main/',
    );
  });

  it('names the hosts it can create repositories on for an unknown one', () => {
    expect(() =>
      repositoryHostFor(integrations, 'gitlab.example?owner=a&repo=b'),
    ).toThrow(
      'Repositories can be created on gitea.test (Gitea), github.com (GitHub)',
    );
    expect(() =>
      repositoryHost(integrations, {
        provider: 'gitea',
        host: 'github.com',
        owner: 'a',
        repo: 'b',
      }),
    ).toThrow('No gitea integration for github.com');
  });
});

describe('GithubRepositoryHost', () => {
  it('reads a repository and its owner with the integration token', async () => {
    const auth: string[] = [];
    server.use(
      http.get(`${GITHUB_API}/users/acme`, ({ request }) => {
        auth.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ login: 'acme', type: 'Organization' });
      }),
      http.get(`${GITHUB_API}/users/nobody`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
      http.get(`${GITHUB_API}/repos/acme/cart`, () =>
        HttpResponse.json({ created_at: '2026-11-24T01:00:00Z' }),
      ),
      http.get(`${GITHUB_API}/repos/acme/new`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
    );
    expect(await cart().ownerExists()).toBe(true);
    expect(auth).toEqual(['Bearer ghp_test']);
    expect(
      await repositoryHostFor(
        integrations,
        'github.com?owner=nobody&repo=x',
      ).ownerExists(),
    ).toBe(false);
    expect(await cart().getRepository()).toEqual({
      createdAt: '2026-11-24T01:00:00Z',
    });
    expect(
      await repositoryHostFor(
        integrations,
        'github.com?owner=acme&repo=new',
      ).getRepository(),
    ).toBeUndefined();
  });

  it('adds a signed JSON push hook, and updates the one with the same URL on a retry', async () => {
    const hooks: Array<{ id: number; config: { url: string } }> = [];
    const posted: any[] = [];
    const patched: any[] = [];
    server.use(
      http.get(`${GITHUB_API}/repos/acme/cart/hooks`, () =>
        HttpResponse.json(hooks),
      ),
      http.post(`${GITHUB_API}/repos/acme/cart/hooks`, async ({ request }) => {
        const body: any = await request.json();
        posted.push(body);
        hooks.push({ id: 7, config: body.config });
        return HttpResponse.json({ id: 7 }, { status: 201 });
      }),
      http.patch(
        `${GITHUB_API}/repos/acme/cart/hooks/7`,
        async ({ request }) => {
          patched.push(await request.json());
          return HttpResponse.json({ id: 7 });
        },
      ),
    );
    const hook = {
      url: 'https://hooks.example/storefront/cart-listener',
      secret: 's3cret',
      events: ['push'],
    };
    expect(await cart().ensureHook(hook)).toEqual({ id: 7, created: true });
    expect(posted).toEqual([
      {
        name: 'web',
        active: true,
        events: ['push'],
        config: {
          url: hook.url,
          content_type: 'json',
          secret: 's3cret',
          insecure_ssl: '0',
        },
      },
    ]);
    expect(await cart().ensureHook({ ...hook, secret: 'new' })).toEqual({
      id: 7,
      created: false,
    });
    expect(patched).toEqual([
      {
        active: true,
        events: ['push'],
        config: {
          url: hook.url,
          content_type: 'json',
          secret: 'new',
          insecure_ssl: '0',
        },
      },
    ]);
  });

  it('deletes hooks and repositories, saying when they were already gone', async () => {
    server.use(
      http.delete(
        `${GITHUB_API}/repos/acme/cart/hooks/7`,
        () => new HttpResponse(null, { status: 204 }),
      ),
      http.delete(`${GITHUB_API}/repos/acme/cart/hooks/8`, () =>
        HttpResponse.json({ message: 'Not Found' }, { status: 404 }),
      ),
      http.delete(
        `${GITHUB_API}/repos/acme/cart`,
        () => new HttpResponse(null, { status: 204 }),
      ),
    );
    expect(await cart().deleteHook(7)).toBe('removed');
    expect(await cart().deleteHook(8)).toBe('gone');
    expect(await cart().deleteRepository()).toBe('removed');
  });

  it('passes GitHub errors on with their status', async () => {
    server.use(
      http.delete(`${GITHUB_API}/repos/acme/cart`, () =>
        HttpResponse.json(
          { message: 'Must have admin rights to Repository.' },
          { status: 403 },
        ),
      ),
    );
    await expect(cart().deleteRepository()).rejects.toThrow(
      'GitHub DELETE /repos/acme/cart: HTTP 403 Forbidden: Must have admin rights to Repository.',
    );
  });
});
