import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import {
  AuthService,
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  CatalogService,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CatalogFiles,
  componentYaml,
  serveCatalogFiles,
  systemYaml,
} from '../../__testUtils__/catalogFiles';
import { modelWithoutClusters } from '../../__testUtils__/scopes';
import { DecommissionScopeResolver } from '../scope/DecommissionScope';
import { CatalogEntities } from './CatalogEntities';

/*
 * Against the real catalog backend (in process, SQLite): what can be
 * unregistered, what blocks, and that removed entities stay removed.
 */
jest.setTimeout(120_000);

let dir: string;
let files: CatalogFiles;
const system = (name: string) => systemYaml(name);
const component = (name: string, systemName?: string) =>
  componentYaml(name, { system: systemName });

describe('CatalogEntities on the real catalog', () => {
  let catalog: CatalogService;
  let auth: AuthService;
  let server: { address(): unknown };
  let discovery: EntityProviderConnection;
  const credentials = mockCredentials.user('user:default/alice');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decommission-catalog-'));
    const configured = path.join(dir, 'configured.yaml');
    fs.writeFileSync(configured, system('configured'));
    files = await serveCatalogFiles();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            backend: { reading: { allow: [files.readingAllow] } },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['System', 'Component', 'Location'] }],
              locations: [{ type: 'file', target: configured }],
            },
          },
        }),
        createBackendModule({
          pluginId: 'catalog',
          moduleId: 'test-discovery',
          register(reg) {
            reg.registerInit({
              deps: { processing: catalogProcessingExtensionPoint },
              async init({ processing }) {
                processing.addEntityProvider({
                  getProviderName: () => 'test-discovery',
                  connect: async connection => {
                    discovery = connection;
                  },
                });
              },
            });
          },
        }),
        createBackendPlugin({
          pluginId: 'capture',
          register(env) {
            env.registerInit({
              deps: { c: catalogServiceRef, a: coreServices.auth },
              async init({ c, a }) {
                catalog = c;
                auth = a;
              },
            });
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await files.close();
  });

  const entities = () =>
    new CatalogEntities({ catalog, auth, goneWaitMs: 30_000, pollMs: 100 });
  const scopeOf = (ref: string) =>
    new DecommissionScopeResolver({
      catalog,
      model: modelWithoutClusters,
    }).resolve(
      (() => {
        const [kind, rest] = ref.split(':');
        const [namespace, name] = rest.split('/');
        return { kind, namespace, name };
      })(),
      credentials,
    );

  async function register(target: string, ...refs: string[]) {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://localhost:${port}/api/catalog/locations`, {
      method: 'POST',
      headers: {
        Authorization: mockCredentials.user.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ type: 'url', target }),
    });
    expect(res.status).toBe(201);
    const current = catalog;
    for (const ref of refs) {
      await eventually(
        () => current.getEntityByRef(ref, { credentials }),
        60_000,
        ref,
      );
    }
  }

  it('unregisters a location that holds only the application, and the entities are gone', async () => {
    const target = files.write(
      'scratch.yaml',
      system('scratch') + component('scratch-api', 'scratch'),
    );
    await register(
      target,
      'system:default/scratch',
      'component:default/scratch-api',
    );
    await eventually(
      async () =>
        (
          await catalog.getEntityByRef('component:default/scratch-api', {
            credentials,
          })
        )?.relations?.length
          ? true
          : undefined,
      60_000,
      'relations',
    );

    const scope = await scopeOf('system:default/scratch');
    expect(scope.entities.map(e => e.metadata.name)).toEqual([
      'scratch',
      'scratch-api',
    ]);
    const plan = await entities().plan(scope);
    expect(plan.blockers).toEqual([]);
    expect(plan.items).toEqual([
      expect.objectContaining({
        step: 'catalog',
        action: 'unregister',
        target: expect.objectContaining({
          type: 'location',
          locationRef: `url:${target}`,
          entityRefs: [
            'component:default/scratch-api',
            'system:default/scratch',
          ],
        }),
      }),
    ]);
    const [item] = plan.items;
    if (item.target.type !== 'location') throw new Error('unexpected');
    expect(await entities().unregister(item.target)).toBe('unregistered');
    expect(
      await catalog.getEntityByRef('system:default/scratch', { credentials }),
    ).toBeUndefined();
    expect(
      await catalog.getLocationByRef(`url:${target}`, { credentials }),
    ).toBeUndefined();
    // Idempotent, and the catalog does not bring them back on its next rounds.
    expect(await entities().unregister(item.target)).toBe(
      'already unregistered',
    );
    await new Promise(r => setTimeout(r, 3000));
    expect(
      await catalog.getEntityByRef('component:default/scratch-api', {
        credentials,
      }),
    ).toBeUndefined();
  });

  it('blocks entities from app-config locations and from files shared with other entities', async () => {
    await eventually(
      () =>
        catalog.getEntityByRef('system:default/configured', { credentials }),
      60_000,
      'configured',
    );
    const configured = await entities().plan(
      await scopeOf('system:default/configured'),
    );
    expect(configured.items).toEqual([]);
    expect(configured.blockers).toEqual([
      expect.stringMatching(
        /^system:default\/configured \(owned by [^)]+\) comes from a catalog file of the portal's own configuration, which platform admins maintain/,
      ),
    ]);

    const shared = files.write(
      'shared.yaml',
      system('mixed') +
        component('mixed-api', 'mixed') +
        component('bystander'),
    );
    await register(
      shared,
      'component:default/mixed-api',
      'component:default/bystander',
    );
    const mixed = await entities().plan(
      await scopeOf('component:default/mixed-api'),
    );
    expect(mixed.items).toEqual([]);
    expect(mixed.blockers).toEqual([
      `${shared} also declares component:default/bystander, system:default/mixed: unregistering it would remove them too; remove component:default/mixed-api from that file instead`,
    ]);
  });

  it('deletes a discovered entity by uid, and refuses one that was added again', async () => {
    const annotations = {
      'backstage.io/managed-by-location':
        'paasport-discovery:dev/legacy/Deployment/found',
      'backstage.io/managed-by-origin-location':
        'paasport-discovery:dev/legacy/Deployment/found',
    };
    const found = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'found', namespace: 'default', annotations },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/storefront',
      },
    };
    await discovery.applyMutation({
      type: 'delta',
      added: [{ entity: found, locationKey: 'paasport-discovery:found' }],
      removed: [],
    });
    await eventually(
      () => catalog.getEntityByRef('component:default/found', { credentials }),
      60_000,
      'found',
    );

    const plan = await entities().plan(
      await scopeOf('component:default/found'),
    );
    expect(plan.blockers).toEqual([]);
    expect(plan.items).toEqual([
      expect.objectContaining({
        action: 'delete',
        title: 'Entity component:default/found (discovered from the clusters)',
      }),
    ]);
    const target = plan.items[0].target;
    if (target.type !== 'entity') throw new Error('unexpected');
    expect(
      await entities()
        .delete({ ...target, uid: 'another-uid' })
        .catch(e => e.message),
    ).toMatch(/was added again since the preview/);
    expect(await entities().delete(target)).toBe('deleted');
    expect(
      await catalog.getEntityByRef('component:default/found', { credentials }),
    ).toBeUndefined();
    expect(await entities().delete(target)).toBe('already gone');
  });
});
