import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { giteaApi, localGitea } from '@paasport/devcluster';
import { createServiceNamesRouter } from './serviceNames';

// Against the local Gitea (`devcluster gitea up`): a repository created here
// must be reported as taken, a fresh name as free. Fails when Gitea is down.
jest.setTimeout(60_000);

const gitea = localGitea();
const run = Date.now().toString(36);
const takenName = `names-${run}`;
const freeName = `free-${run}`;

function app(configData: object = gitea.config) {
  const config = new ConfigReader(configData);
  const logger = mockServices.logger.mock();
  const router = createServiceNamesRouter({
    config,
    // Requests without a token are anonymous, as in a real backend.
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog: catalogServiceMock({
      entities: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: takenName, namespace: 'default' },
          spec: { owner: 'group:default/storefront' },
        },
        {
          // Another kind with the free name: does not take it.
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: freeName, namespace: 'default' },
          spec: { owner: 'group:default/storefront' },
        },
      ],
    }),
    integrations: ScmIntegrations.fromConfig(config),
    logger,
  });
  const middleware = MiddlewareFactory.create({ config, logger });
  return express().use(router).use(middleware.error());
}

const asUser = `Bearer ${mockCredentials.user.token()}`;

beforeAll(async () => {
  const created = await giteaApi(gitea, 'POST', `/orgs/${gitea.org}/repos`, {
    name: takenName,
  });
  if (created.status !== 201) {
    throw new Error(
      `Could not create ${gitea.org}/${takenName} in Gitea at ${gitea.url}: ${
        created.status
      } ${JSON.stringify(created.body)}`,
    );
  }
});

afterAll(async () => {
  await giteaApi(gitea, 'DELETE', `/repos/${gitea.org}/${takenName}`);
});

describe('GET /paasport/service-names/:name', () => {
  it('reports a name used in the catalog and in Gitea as taken in both', async () => {
    const response = await request(app())
      .get(`/paasport/service-names/${takenName}`)
      .set('Authorization', asUser);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: takenName,
      catalog: {
        free: false,
        entityRef: `component:default/${takenName}`,
        owner: 'group:default/storefront',
      },
      repository: {
        free: false,
        provider: 'gitea',
        url: `${gitea.url}/${gitea.org}/${takenName}`,
      },
    });
  });

  it('reports an unused name as free in both', async () => {
    const response = await request(app())
      .get(`/paasport/service-names/${freeName}`)
      .set('Authorization', asUser);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      name: freeName,
      catalog: { free: true },
      repository: { free: true, provider: 'gitea' },
    });
  });

  it('says why the repository is unknown when no Gitea is configured', async () => {
    const response = await request(app({}))
      .get(`/paasport/service-names/${freeName}`)
      .set('Authorization', asUser);
    expect(response.status).toBe(200);
    expect(response.body.catalog).toEqual({ free: true });
    expect(response.body.repository).toEqual({
      unknown: expect.stringContaining('repoHost and repoOwner'),
    });
  });

  it('rejects a name the templates would not accept with 400', async () => {
    const response = await request(app())
      .get('/paasport/service-names/Bad_Name')
      .set('Authorization', asUser);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('lower-case letters'),
    });
  });

  it('refuses callers that are not signed in', async () => {
    const response = await request(app()).get(
      `/paasport/service-names/${freeName}`,
    );
    expect(response.status).toBe(401);
  });

  it('refuses service callers: the answer is for the form', async () => {
    const response = await request(app())
      .get(`/paasport/service-names/${freeName}`)
      .set('Authorization', `Bearer ${mockCredentials.service.token()}`);
    expect(response.status).toBe(403);
  });
});
