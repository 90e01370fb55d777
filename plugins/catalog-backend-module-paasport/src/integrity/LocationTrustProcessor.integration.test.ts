import { eventually } from '@paasport/plugin-paasport-node/testUtils';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import catalogModulePaasport from '..';

/*
 * The real catalog backend with this module: an admin location from
 * catalog.locations (a relative file target, resolved as the backend does)
 * brings the demo organisation in, while a location registered through the
 * catalog API gets only its Component (and its own Location) in. Needs no
 * clusters: discovery is off.
 */
jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../../..');
let dir: string;
let registered: string;

const yaml = (...docs: string[]) => docs.join('\n---\n');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-trust-it-'));
  fs.mkdirSync(path.join(dir, 'admin'));
  fs.mkdirSync(path.join(dir, 'user'));
  fs.writeFileSync(
    path.join(dir, 'admin', 'all.yaml'),
    yaml(`apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: trust-it-admin }
spec:
  targets: [${path.join(repoRoot, 'catalog', 'org.yaml')}]`),
  );
  registered = path.join(dir, 'user', 'catalog-info.yaml');
  fs.writeFileSync(
    registered,
    yaml(
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: trust-it-web }
spec: { type: service, lifecycle: experimental, owner: group:default/storefront }`,
      `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments-forged
  annotations: { paasport.io/namespace: payments }
spec: { type: team, children: [], members: [mallory] }`,
      `apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: mallory }
spec: { memberOf: [payments, admins] }`,
      `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: forged-template }
spec:
  type: service
  steps: [{ id: run, action: debug:log, input: { message: pwned } }]`,
      `apiVersion: backstage.io/v1alpha1
kind: Location
metadata: { name: forged-nested }
spec: { type: file, target: ./more.yaml }`,
    ),
  );
  fs.writeFileSync(
    path.join(dir, 'user', 'more.yaml'),
    `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: nested-forged
  annotations: { paasport.io/namespace: payments }
spec: { type: team, children: [], members: [mallory] }
`,
  );
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('keeps forged kinds of a registered location out of the real catalog', async () => {
  const processingErrors = new Map<string, string[]>();
  let refreshErrors: (name: string) => Promise<string | undefined>;
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePaasport,
      mockServices.rootConfig.factory({
        data: {
          paasport: { discovery: { enabled: false } },
          catalog: {
            processingInterval: { seconds: 2 },
            // The built-in rules allow every kind, so that the rejections
            // below are this module's.
            rules: [
              {
                allow: ['Component', 'System', 'Group', 'User', 'Location'],
              },
              { allow: ['Template', 'Domain', 'API', 'Resource'] },
            ],
            locations: [
              {
                type: 'file',
                // Relative, as in app-config.yaml: the catalog resolves it
                // against the working directory, and so must the trust.
                target: path.relative(
                  process.cwd(),
                  path.join(dir, 'admin', 'all.yaml'),
                ),
              },
            ],
          },
        },
      }),
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-trust',
        register(reg) {
          reg.registerInit({
            deps: {
              processing: catalogProcessingExtensionPoint,
              locations: catalogLocationsExtensionPoint,
              database: coreServices.database,
            },
            async init({ processing, locations, database }) {
              // Registering files is off by default (only `url`); a test
              // cannot serve a repository, so it registers a file instead.
              locations.setAllowedLocationTypes(['url', 'file']);
              processing.setOnProcessingErrorHandler(
                ({ unprocessedEntity, errors }) => {
                  processingErrors.set(
                    unprocessedEntity.metadata.name,
                    errors.map(e => e.message),
                  );
                },
              );
              // What the unprocessed-entities view reads.
              refreshErrors = async name => {
                const knex = await database.getClient();
                const row = await knex('refresh_state')
                  .where('entity_ref', 'like', `%:default/${name}`)
                  .first('errors');
                return row?.errors;
              };
            },
          });
        },
      }),
    ],
  });
  const base = `http://localhost:${
    (server.address() as { port: number }).port
  }/api/catalog`;
  const headers = {
    // A member of storefront, which owns the registered Component: the
    // registrant's teams must own what a registered location brings.
    Authorization: mockCredentials.user.header('user:default/alice'),
    'Content-Type': 'application/json',
  };
  const entity = async (kind: string, name: string) => {
    const response = await fetch(
      `${base}/entities/by-name/${kind}/default/${name}`,
      { headers },
    );
    return response.ok ? ((await response.json()) as Entity) : undefined;
  };
  const register = (dryRun: boolean) =>
    fetch(`${base}/locations${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'file', target: registered }),
    });

  // The admin location, with a relative target, is trusted: the demo org is in.
  const payments = await eventually(
    () => entity('group', 'payments'),
    60_000,
    'the demo organisation',
  );
  expect(payments.spec).toMatchObject({ members: ['bob'] });
  expect(await entity('user', 'guest')).toBeDefined();

  // The import page's dry run shows the person why, before anything is stored.
  const dryRun = await register(true);
  expect(dryRun.status).toBe(400);
  expect(JSON.stringify(await dryRun.json())).toContain(
    'is rejected: it comes from file:',
  );

  expect((await register(false)).status).toBe(201);
  await eventually(
    () => entity('component', 'trust-it-web'),
    60_000,
    'the registered Component',
  );
  const rootName = `generated-${createHash('sha1')
    .update(`file:${registered}`)
    .digest('hex')}`;
  expect(await entity('location', rootName)).toMatchObject({
    spec: { type: 'file', target: registered },
  });

  const rejected = [
    ['Group', 'group:default/payments-forged'],
    ['User', 'user:default/mallory'],
    ['Template', 'template:default/forged-template'],
    ['Location', 'location:default/forged-nested'],
  ];
  for (const [kind, ref] of rejected) {
    const name = ref.split('/')[1];
    const messages = await eventually(
      async () => processingErrors.get(name),
      60_000,
      `the processing error of ${ref}`,
    );
    // The catalog wraps what a processor throws; the cause is ours.
    expect(messages).toEqual([
      'Processor LocationTrustProcessor threw an error while preprocessing; ' +
        `caused by InputError: ${kind} ${ref} is rejected: it comes from ` +
        `file:${registered}, which is not a trusted catalog location ` +
        '(catalog.locations or paasport.catalog.trustedLocations), and such ' +
        'a location may define only Component, API, Resource, System ' +
        `entities and its own Location, not ${
          kind === 'Location' ? 'another Location' : `a ${kind}`
        }.`,
    ]);
    expect(await refreshErrors!(name)).toContain(`${kind} ${ref} is rejected`);
    expect(await entity(kind.toLowerCase(), name)).toBeUndefined();
  }

  // Another processing round changes nothing: still out, and the nested
  // Location's target was never read.
  await new Promise(resolve => setTimeout(resolve, 5_000));
  expect(await entity('group', 'payments-forged')).toBeUndefined();
  expect(await entity('user', 'mallory')).toBeUndefined();
  expect(await entity('group', 'nested-forged')).toBeUndefined();
  expect(processingErrors.has('nested-forged')).toBe(false);
  expect((await entity('group', 'payments'))?.spec).toMatchObject({
    members: ['bob'],
  });
});
