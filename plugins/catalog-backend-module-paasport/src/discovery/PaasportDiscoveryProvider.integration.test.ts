import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { testApplicationModel } from '@paasport/kubernetes-node/testUtils';
import path from 'node:path';
import {
  adminApis,
  AdminApis,
  demoCatalogEntities,
  devcluster,
  labelledDeployment,
} from '../__testUtils__/devcluster';
import { DiscoveryStore } from './DiscoveryStore';
import { PaasportDiscoveryProvider } from './PaasportDiscoveryProvider';
import { readCatalogContext, verifiedTeams } from './readCatalogContext';

// Runs against the local devcluster (packages/devcluster); fails if it is down.
jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const suffix = Date.now().toString(36);
const app = `disc-it-${suffix}`;

let store: DiscoveryStore;
let clusters: KubernetesClusters;
let dev: AdminApis;
let prod: AdminApis;
const TEAM = 'disc-it';
const SCRATCH = `disc-it-${suffix}`;

function refsOf(mutation: EntityProviderMutation) {
  const entities =
    mutation.type === 'full' ? mutation.entities : mutation.added;
  return entities.map(({ entity }) =>
    `${entity.kind}:${entity.metadata.name}`.toLowerCase(),
  );
}

async function provider(options: { clusters?: KubernetesClusters } = {}) {
  const mutations: EntityProviderMutation[] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async mutation => {
      mutations.push(mutation);
    },
    refresh: async () => {},
  };
  const demo = await demoCatalogEntities();
  // The team holding this file's scratch namespace on both clusters, from
  // the same trusted org file as the demo's teams.
  const team = {
    ...demo.find(e => e.metadata.name === 'storefront'),
    metadata: {
      ...demo.find(e => e.metadata.name === 'storefront').metadata,
      name: TEAM,
      annotations: {
        ...demo.find(e => e.metadata.name === 'storefront').metadata
          .annotations,
        'paasport.io/namespace': SCRATCH,
      },
    },
  };
  const entities = [...demo, team];
  const catalog = catalogServiceMock({ entities });
  // Teams as the application model verifies them: the demo org, trusted as
  // the app-config location it comes from, on the clusters' labels.
  const model = testApplicationModel({
    entities,
    clusters: options.clusters ?? clusters,
    config: {
      catalog: {
        locations: [
          {
            type: 'file',
            target: path.resolve(__dirname, '../../../../catalog/all.yaml'),
          },
        ],
      },
    },
  });
  const logger = mockServices.logger.mock();
  const discovery = new PaasportDiscoveryProvider({
    clusters: options.clusters ?? clusters,
    store,
    readCatalog: () =>
      readCatalogContext(catalog, mockServices.auth(), () =>
        verifiedTeams(model),
      ),
    logger,
  });
  await discovery.connect(connection);
  const run = async () => {
    const summary = await discovery.run();
    return { summary, mutation: mutations[mutations.length - 1] };
  };
  return { run, logger };
}

beforeAll(async () => {
  const knex = await databases.init('SQLITE_3');
  store = await DiscoveryStore.create({
    database: mockServices.database({ knex }),
  });
  clusters = KubernetesClusters.fromConfig((await devcluster()).config);
  dev = await adminApis('dev');
  prod = await adminApis('prod');
  for (const api of [dev, prod]) {
    await api.core.createNamespace({
      body: {
        metadata: { name: SCRATCH, labels: { 'paasport.io/team': TEAM } },
      },
    });
  }
});

afterAll(async () => {
  for (const api of [dev, prod]) {
    await api.core.deleteNamespace({ name: SCRATCH }).catch(() => {});
  }
});

async function deploy(
  api: AdminApis,
  name: string,
  labels: Record<string, string>,
  annotations?: Record<string, string>,
) {
  const namespace = SCRATCH;
  await api.apps.createNamespacedDeployment({
    namespace,
    body: labelledDeployment(
      namespace,
      name,
      { 'app.kubernetes.io/name': name, ...labels },
      annotations,
    ),
  });
  return namespace;
}

describe('PaasportDiscoveryProvider against the devcluster', () => {
  it('emits payments-ledger-db and nothing that catalog files declare', async () => {
    const { run } = await provider();
    const { summary, mutation } = await run();
    expect(summary).toMatchObject({ mutation: 'full', unreachable: [] });
    expect(mutation.type).toBe('full');
    const entities = mutation.type === 'full' ? mutation.entities : [];
    const ledgerDb = entities.find(
      e => e.entity.metadata.name === 'payments-ledger-db',
    );
    expect(ledgerDb).toEqual({
      entity: expect.objectContaining({
        kind: 'Component',
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/payments',
          system: 'payments',
        },
      }),
    });
    expect(ledgerDb!.entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'payments-ledger-db',
      'backstage.io/kubernetes-namespace': 'payments',
      'paasport.io/discovered-from':
        'dev/payments/StatefulSet/payments-ledger-db,prod/payments/StatefulSet/payments-ledger-db',
      'backstage.io/managed-by-location':
        'paasport-discovery:dev/payments/StatefulSet/payments-ledger-db',
    });
    // Declared in catalog/applications/*.yaml: never discovered twice.
    const refs = refsOf(mutation);
    for (const declared of [
      'component:shop-web',
      'component:shop-api',
      'component:shop-worker',
      'component:payments-api',
      'component:payments-ledger',
      'system:shop',
      'system:payments',
    ]) {
      expect(refs).not.toContain(declared);
    }
  });

  it('sends a new workload in the next delta and removes it after deletion', async () => {
    const { run } = await provider();
    await run(); // the full mutation of this "process"
    const name = `${app}-api`;
    const namespace = await deploy(
      dev,
      name,
      {
        'app.kubernetes.io/part-of': app,
        'paasport.io/team': 'storefront',
      },
      { 'paasport.io/lifecycle': 'experimental' },
    );

    const added = await run();
    expect(added.summary.mutation).toBe('delta');
    expect(added.mutation.type).toBe('delta');
    expect(refsOf(added.mutation)).toEqual(
      expect.arrayContaining([`component:${name}`, `system:${app}`]),
    );
    const component = (
      added.mutation.type === 'delta' ? added.mutation.added : []
    )
      .map(e => e.entity)
      .find(e => e.metadata.name === name)!;
    // The team holding the namespace, not the workload's own team label.
    expect(component.spec).toEqual({
      type: 'service',
      lifecycle: 'experimental',
      owner: `group:default/${TEAM}`,
      system: app,
    });
    expect(
      component.metadata.annotations?.['paasport.io/discovered-from'],
    ).toBe(`dev/${namespace}/Deployment/${name}`);

    await dev.apps.deleteNamespacedDeployment({ name, namespace });
    const removed = await run();
    expect(removed.mutation).toMatchObject({ type: 'delta' });
    expect(
      removed.mutation.type === 'delta' && removed.mutation.removed,
    ).toEqual(
      expect.arrayContaining([
        { entityRef: `component:default/${name}` },
        { entityRef: `system:default/${app}` },
      ]),
    );
  });

  it('keeps the entities of an unreachable cluster, across restarts', async () => {
    const name = `${app}-prod-only`;
    await deploy(prod, name, { 'paasport.io/team': 'payments' });
    const healthy = await provider();
    await healthy.run();
    expect(refsOf((await healthy.run()).mutation)).toContain(
      `component:${name}`,
    );

    // Same store, as after a restart or on another replica, but prod is down.
    const data = (await devcluster()).data;
    const [method] = data.kubernetes.clusterLocatorMethods;
    const broken = KubernetesClusters.fromConfig(
      new ConfigReader({
        ...data,
        kubernetes: {
          clusterLocatorMethods: [
            {
              ...method,
              clusters: method.clusters.map((c: any) =>
                c.name === 'prod' ? { ...c, url: 'https://127.0.0.1:1' } : c,
              ),
            },
          ],
        },
      }),
    );
    const outage = await provider({ clusters: broken });
    const full = await outage.run();
    expect(full.summary).toMatchObject({
      mutation: 'full',
      unreachable: ['prod'],
    });
    expect(refsOf(full.mutation)).toContain(`component:${name}`);
    expect(refsOf(full.mutation)).toContain('component:payments-ledger-db');
    expect(outage.logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Discovery: cluster prod did not answer .*; keeping its \d+ workloads listed at/,
      ),
    );
    const next = await outage.run();
    expect(next.summary.unreachable).toEqual(['prod']);
    const removed = next.mutation.type === 'delta' ? next.mutation.removed : [];
    expect(removed).not.toContainEqual({
      entityRef: `component:default/${name}`,
    });
  });
});
