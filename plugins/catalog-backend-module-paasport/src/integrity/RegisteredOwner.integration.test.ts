import {
  eventually,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import {
  coreServices,
  createBackendModule,
  DatabaseService,
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
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import catalogModulePaasport from '..';
import { DatabaseLocationRegistrationStore } from '../registrations/database/DatabaseLocationRegistrationStore';

/*
 * The real catalog backend with this module: the org (teams blue and red)
 * comes from catalog.locations; locations registered through the catalog's
 * own POST /locations are recorded with their registrant, and only what the
 * registrant's teams own gets in. Needs no clusters: discovery is off.
 */
jest.setTimeout(180_000);

let dir: string;
const file = (name: string) => path.join(dir, 'user', name);

const component = (
  name: string,
  owner: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name} }
spec: { type: service, lifecycle: experimental, owner: ${owner} }
`;

const team = (
  name: string,
  member: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${name}
  annotations: { paasport.io/namespace: ${name} }
spec: { type: team, children: [], members: [${member}] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ${member} }
spec: { memberOf: [] }
`;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-registrant-it-'));
  fs.mkdirSync(path.join(dir, 'user'));
  fs.writeFileSync(
    path.join(dir, 'org.yaml'),
    `${team('blue', 'alice')}---\n${team('red', 'bob')}`,
  );
  fs.writeFileSync(file('blue.yaml'), component('blue-web', 'blue'));
  fs.writeFileSync(file('red.yaml'), component('red-web', 'group:default/red'));
  fs.writeFileSync(file('dry.yaml'), component('dry-web', 'blue'));
  fs.writeFileSync(file('service.yaml'), component('service-web', 'blue'));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("records who registers a location and keeps its entities to the registrant's teams", async () => {
  const processingErrors = new Map<string, string[]>();
  const { records: audits, auditor } = recordingAuditor();
  let catalogDatabase: DatabaseService;
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModulePaasport,
      auditor.factory,
      mockServices.rootConfig.factory({
        data: {
          paasport: { discovery: { enabled: false } },
          catalog: {
            processingInterval: { seconds: 2 },
            rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
            locations: [{ type: 'file', target: path.join(dir, 'org.yaml') }],
          },
        },
      }),
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-registrant',
        register(reg) {
          reg.registerInit({
            deps: {
              processing: catalogProcessingExtensionPoint,
              locations: catalogLocationsExtensionPoint,
              database: coreServices.database,
            },
            async init({ processing, locations, database }) {
              // A test cannot serve a repository: it registers files.
              locations.setAllowedLocationTypes(['url', 'file']);
              processing.setOnProcessingErrorHandler(
                ({ unprocessedEntity, errors }) => {
                  processingErrors.set(
                    unprocessedEntity.metadata.name,
                    errors.map(e => e.message),
                  );
                },
              );
              catalogDatabase = database;
            },
          });
        },
      }),
    ],
  });
  // The module's store over the catalog's database (migrated by the module).
  const registrations = await DatabaseLocationRegistrationStore.create({
    database: catalogDatabase!,
  });
  const base = `http://localhost:${
    (server.address() as { port: number }).port
  }/api/catalog`;
  const as = (header: string) => ({
    Authorization: header,
    'Content-Type': 'application/json',
  });
  const alice = as(mockCredentials.user.header('user:default/alice'));
  const bob = as(mockCredentials.user.header('user:default/bob'));
  const entity = async (kind: string, name: string) => {
    const response = await fetch(
      `${base}/entities/by-name/${kind}/default/${name}`,
      { headers: alice },
    );
    return response.ok ? ((await response.json()) as Entity) : undefined;
  };
  const register = (
    headers: Record<string, string>,
    name: string,
    query = '',
  ) =>
    fetch(`${base}/locations${query}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'file', target: file(name) }),
    });
  const refOf = (name: string) => `file:${file(name)}`;
  const registrationAudits = () =>
    audits.filter(a => a.eventId === 'location-registration');

  await eventually(() => entity('group', 'blue'), 60_000, 'the org');
  await eventually(() => entity('user', 'bob'), 60_000, 'the org');

  // The import page's preview: the same decision, nothing recorded.
  const preview = await register(alice, 'dry.yaml', '?dryRun=true');
  expect(preview.status).toBe(201);
  expect((await preview.json()).entities).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'dry-web' }),
      }),
    ]),
  );
  const refused = await register(bob, 'dry.yaml', '?dryRun=true');
  expect(refused.status).toBe(400);
  expect(JSON.stringify(await refused.json())).toContain(
    'its owner group:default/blue is not a team of user:default/bob',
  );
  expect(await registrations.find(refOf('dry.yaml'))).toBeUndefined();
  expect(registrationAudits()).toEqual([]);

  // Alice registers blue's Component: recorded, confirmed, served, audited.
  const created = await register(alice, 'blue.yaml');
  // The catalog's own answer, unchanged by the router in front of it.
  expect(created.status).toBe(201);
  expect(await created.json()).toMatchObject({
    location: { type: 'file', target: file('blue.yaml') },
    entities: [],
  });
  await eventually(
    () => entity('component', 'blue-web'),
    60_000,
    "alice's Component of team blue",
  );
  await eventually(
    async () => (await registrations.find(refOf('blue.yaml')))?.confirmed,
    10_000,
    'the confirmed registration',
  );
  expect(await registrations.find(refOf('blue.yaml'))).toMatchObject({
    userEntityRef: 'user:default/alice',
    confirmed: true,
  });
  expect(registrationAudits()).toEqual([
    expect.objectContaining({
      outcome: 'success',
      meta: expect.objectContaining({
        location: refOf('blue.yaml'),
        userEntityRef: 'user:default/alice',
        registrant: 'user:default/alice',
        recorded: true,
      }),
    }),
  ]);

  // Bob's duplicate is refused by the catalog, and his refresh of it is
  // accepted: alice stays the registrant either way.
  expect((await register(bob, 'blue.yaml')).status).toBe(409);
  expect((await register(bob, 'blue.yaml', '?onConflict=refresh')).status).toBe(
    201,
  );
  await eventually(
    () => registrationAudits().length === 3,
    10_000,
    "the audits of bob's requests",
  );
  expect(registrationAudits().slice(1)).toEqual([
    expect.objectContaining({
      outcome: 'fail',
      error: 'The catalog answered 409',
    }),
    expect.objectContaining({
      outcome: 'success',
      meta: expect.objectContaining({
        userEntityRef: 'user:default/bob',
        registrant: 'user:default/alice',
        recorded: false,
      }),
    }),
  ]);
  expect(await registrations.find(refOf('blue.yaml'))).toMatchObject({
    userEntityRef: 'user:default/alice',
    confirmed: true,
  });

  // Alice registers red's Component: the location is in, the Component not.
  expect((await register(alice, 'red.yaml')).status).toBe(201);
  const redErrors = await eventually(
    async () => processingErrors.get('red-web'),
    60_000,
    'the processing error of red-web',
  );
  expect(redErrors).toEqual([
    'Processor RegisteredOwnerProcessor threw an error while postprocessing; ' +
      'caused by InputError: Component component:default/red-web is rejected: ' +
      'its owner group:default/red is not a team of user:default/alice, who ' +
      `registered ${refOf('red.yaml')} (their teams: group:default/blue). ` +
      'A registered location may only bring entities owned by a team its ' +
      'registrant belongs to.',
  ]);

  // A service's registration has no registrant: nothing it brings gets in.
  const service = as(mockCredentials.service.header());
  expect((await register(service, 'service.yaml')).status).toBe(201);
  const unrecorded = await eventually(
    async () => processingErrors.get('service-web'),
    60_000,
    'the processing error of service-web',
  );
  expect(unrecorded[0]).toContain(
    `it comes from ${refOf('service.yaml')}, which is not a trusted catalog ` +
      'location, and Paasport has no record of who registered it',
  );
  expect(await registrations.find(refOf('service.yaml'))).toBeUndefined();

  // Later processing rounds change nothing.
  await new Promise(resolve => setTimeout(resolve, 5_000));
  expect(await entity('component', 'red-web')).toBeUndefined();
  expect(await entity('component', 'service-web')).toBeUndefined();
  expect(await entity('component', 'dry-web')).toBeUndefined();
  expect(await entity('component', 'blue-web')).toBeDefined();
});
