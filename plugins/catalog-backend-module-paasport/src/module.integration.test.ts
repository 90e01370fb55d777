import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devcluster } from './__testUtils__/devcluster';
import catalogModulePaasport from '.';

/*
 * The real catalog backend with this module, the demo catalog files and the
 * devcluster: discovery adds what the files do not declare, and the model
 * processor's errors reach the processing status.
 */
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
let fixtures: string;

beforeAll(() => {
  fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-catalog-it-'));
  const target = (file: string) => path.join(repoRoot, 'catalog', file);
  fs.writeFileSync(
    path.join(fixtures, 'all.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: paasport-it }
spec:
  targets:
    - ${target('org.yaml')}
    - ${target('applications/shop.yaml')}
    - ${target('applications/payments.yaml')}
    - ./broken.yaml
`,
  );
  fs.writeFileSync(
    path.join(fixtures, 'broken.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: it-team-without-namespace }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: it-orphan }
spec: { type: service, lifecycle: experimental, owner: group:default/payments, system: it-no-such-system }
`,
  );
});

afterAll(() => fs.rmSync(fixtures, { recursive: true, force: true }));

it('discovers workloads and reports model errors in the real catalog', async () => {
  const processingErrors = new Map<string, string[]>();
  let scheduler: SchedulerService | undefined;
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePaasport,
      mockServices.rootConfig.factory({
        data: {
          ...(await devcluster()).data,
          catalog: {
            processingInterval: { seconds: 2 },
            rules: [
              { allow: ['Component', 'System', 'Group', 'User', 'Location'] },
            ],
            locations: [
              { type: 'file', target: path.join(fixtures, 'all.yaml') },
            ],
          },
        },
      }),
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-errors',
        register(reg) {
          reg.registerInit({
            deps: {
              processing: catalogProcessingExtensionPoint,
              catalogScheduler: coreServices.scheduler,
            },
            async init({ processing, catalogScheduler }) {
              // The catalog's scheduler (a mock that runs tasks on demand).
              scheduler = catalogScheduler;
              processing.setOnProcessingErrorHandler(
                ({ unprocessedEntity, errors }) => {
                  processingErrors.set(
                    unprocessedEntity.metadata.name,
                    errors.map(e => e.message),
                  );
                },
              );
            },
          });
        },
      }),
    ],
  });
  const { port } = server.address() as { port: number };
  const entity = async (kind: string, name: string) => {
    const response = await fetch(
      `http://localhost:${port}/api/catalog/entities/by-name/${kind}/default/${name}`,
      { headers: { Authorization: mockCredentials.user.header() } },
    );
    return response.ok ? ((await response.json()) as AlphaEntity) : undefined;
  };

  // Discovery runs after the catalog files are in, as its initial delay intends.
  await eventually(
    () => entity('component', 'shop-web'),
    60_000,
    'the catalog files',
  );
  await scheduler!.triggerTask('paasport-discovery:refresh');
  const ledgerDb = await eventually(
    () => entity('component', 'payments-ledger-db'),
    60_000,
    'payments-ledger-db',
  );
  expect(ledgerDb.spec).toMatchObject({
    owner: 'group:default/payments',
    system: 'payments',
  });
  expect(ledgerDb.metadata.annotations).toMatchObject({
    'paasport.io/discovered-from':
      'dev/payments/StatefulSet/payments-ledger-db,prod/payments/StatefulSet/payments-ledger-db',
    'backstage.io/managed-by-origin-location':
      'paasport-discovery:dev/payments/StatefulSet/payments-ledger-db',
  });
  expect(ledgerDb.relations).toContainEqual({
    type: 'partOf',
    targetRef: 'system:default/payments',
  });
  // Declared services keep their catalog file as origin.
  const shopWeb = await entity('component', 'shop-web');
  expect(
    shopWeb?.metadata.annotations?.['backstage.io/managed-by-origin-location'],
  ).toBe(`file:${path.join(fixtures, 'all.yaml')}`);

  // A team without namespace never gets in; the error says why.
  await eventually(
    async () => processingErrors.get('it-team-without-namespace'),
    60_000,
    'the team error',
  );
  expect(processingErrors.get('it-team-without-namespace')).toEqual([
    expect.stringMatching(
      /^Team it-team-without-namespace has no paasport.io\/namespace/,
    ),
  ]);
  expect(await entity('group', 'it-team-without-namespace')).toBeUndefined();

  // The orphan got in once, and its next processing shows the unknown System.
  const orphan = await eventually(
    async () => {
      const found = await entity('component', 'it-orphan');
      return found?.status?.items?.length ? found : undefined;
    },
    60_000,
    'the unknown-System error in the processing status',
  );
  expect(orphan.status?.items).toEqual([
    expect.objectContaining({
      type: 'backstage.io/catalog-processing',
      level: 'error',
      error: expect.objectContaining({
        name: 'InputError',
        message:
          'component:default/it-orphan is part of system:default/it-no-such-system, which is not in the catalog',
      }),
    }),
  ]);
});
