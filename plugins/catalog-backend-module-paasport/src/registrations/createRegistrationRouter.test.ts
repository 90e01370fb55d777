import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  eventually,
  recordingAuditor,
} from '@paasport/plugin-paasport-node/testUtils';
import express from 'express';
import request from 'supertest';
import { createRegistrationRouter } from './createRegistrationRouter';
import { DatabaseLocationRegistrationStore } from './database/DatabaseLocationRegistrationStore';
import { DryRunRegistrants } from './DryRunRegistrants';
import { LocationRegistration } from './types';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const target = 'https://git.example.com/blue/web/catalog-info.yaml';
const ref = `url:${target}`;
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

/**
 * This router in front of a stand-in for the catalog's handler, which
 * answers `answer` and notes what it saw: the body, the record at that
 * moment and the dry-run registrant.
 */
async function setup() {
  const knex = await databases.init('SQLITE_3');
  const registrations = await DatabaseLocationRegistrationStore.create({
    database: mockServices.database({ knex }),
  });
  const dryRuns = new DryRunRegistrants();
  const { records, auditor } = recordingAuditor();
  const locationExists = jest.fn(async (_ref: string) => true);
  const seen: Array<{
    body: unknown;
    record?: LocationRegistration;
    dryRunRegistrant?: string;
  }> = [];
  let answer = 201;
  const app = express();
  app.use(
    createRegistrationRouter({
      httpAuth: mockServices.httpAuth(),
      auth: mockServices.auth(),
      auditor,
      logger: mockServices.logger.mock(),
      registrations,
      dryRuns,
      locationExists,
    }),
  );
  app.post('/locations', express.json(), async (req, res) => {
    seen.push({
      body: req.body,
      record: await registrations.find(ref),
      dryRunRegistrant: dryRuns.registrantOf(ref),
    });
    res.status(answer).json({ answered: answer });
  });
  app.use(mockErrorHandler());
  const register = (auth: string, query = '') =>
    request(app)
      .post(`/locations${query}`)
      .set('Authorization', auth)
      .send({ type: 'url', target });
  return {
    app,
    knex,
    registrations,
    records,
    seen,
    locationExists,
    register,
    answer: (status: number) => {
      answer = status;
    },
    settled: (check: (r?: LocationRegistration) => boolean) =>
      eventually(
        async () => check(await registrations.find(ref)),
        5_000,
        'the registration to settle',
      ),
  };
}

describe('createRegistrationRouter', () => {
  it('records the person before the catalog answers, and confirms on 201', async () => {
    const t = await setup();
    const response = await t.register(alice);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ answered: 201 });
    // The catalog's handler ran after the router, with the parsed body and
    // the registration already recorded.
    expect(t.seen).toEqual([
      {
        body: { type: 'url', target },
        record: expect.objectContaining({
          userEntityRef: 'user:default/alice',
          confirmed: false,
        }),
        dryRunRegistrant: undefined,
      },
    ]);
    await t.settled(r => r?.confirmed === true);
    await eventually(() => t.records.length > 0, 5_000, 'the audit');
    expect(t.records).toEqual([
      expect.objectContaining({
        eventId: 'location-registration',
        outcome: 'success',
        meta: {
          location: ref,
          userEntityRef: 'user:default/alice',
          registrant: 'user:default/alice',
          recorded: true,
        },
      }),
    ]);
    await t.knex.destroy();
  });

  it('leaves no record when the catalog refuses', async () => {
    const t = await setup();
    t.answer(409);
    expect((await t.register(alice)).status).toBe(409);
    expect(t.seen[0].record?.userEntityRef).toBe('user:default/alice');
    await t.settled(r => r === undefined);
    await eventually(() => t.records.length > 0, 5_000, 'the audit');
    expect(t.records[0]).toMatchObject({
      outcome: 'fail',
      error: 'The catalog answered 409',
    });
    await t.knex.destroy();
  });

  it('keeps the first registrant of a location that still exists', async () => {
    const t = await setup();
    await t.register(alice);
    await t.settled(r => r?.confirmed === true);
    t.answer(409);
    expect((await t.register(bob)).status).toBe(409);
    // onConflict=refresh: the catalog answers 201 for the existing location.
    t.answer(201);
    expect((await t.register(bob, '?onConflict=refresh')).status).toBe(201);
    await eventually(() => t.records.length === 3, 5_000, 'the audits');
    expect(await t.registrations.find(ref)).toMatchObject({
      userEntityRef: 'user:default/alice',
      confirmed: true,
    });
    expect(t.records[2].meta).toMatchObject({
      userEntityRef: 'user:default/bob',
      registrant: 'user:default/alice',
      recorded: false,
    });
    expect(t.locationExists).toHaveBeenCalledWith(ref);
    await t.knex.destroy();
  });

  it('replaces the record of a location that was unregistered since', async () => {
    const t = await setup();
    await t.register(alice);
    await t.settled(r => r?.confirmed === true);
    t.locationExists.mockResolvedValue(false);
    expect((await t.register(bob)).status).toBe(201);
    await t.settled(
      r => r?.userEntityRef === 'user:default/bob' && r.confirmed,
    );
    await t.knex.destroy();
  });

  it('records nothing for a dry run, but tells the processors who asks', async () => {
    const t = await setup();
    expect((await t.register(alice, '?dryRun=true')).status).toBe(201);
    expect((await t.register(alice, '?dryRun=yes')).status).toBe(201);
    expect(t.seen.map(s => [s.record, s.dryRunRegistrant])).toEqual([
      [undefined, 'user:default/alice'],
      [undefined, 'user:default/alice'],
    ]);
    expect(await t.registrations.find(ref)).toBeUndefined();
    expect(t.records).toEqual([]);
    await t.knex.destroy();
  });

  it('records nothing for a service, nor for a body the catalog will refuse', async () => {
    const t = await setup();
    expect((await t.register(mockCredentials.service.header())).status).toBe(
      201,
    );
    t.answer(400);
    const invalid = await request(t.app)
      .post('/locations')
      .set('Authorization', alice)
      .send({ type: 'url' });
    expect(invalid.status).toBe(400);
    const empty = await request(t.app)
      .post('/locations')
      .set('Authorization', alice)
      .send({ type: '', target });
    expect(empty.status).toBe(400);
    expect(t.seen.map(s => s.body)).toEqual([
      { type: 'url', target },
      { type: 'url' },
      { type: '', target },
    ]);
    expect(await t.registrations.find(ref)).toBeUndefined();
    await t.knex.destroy();
  });

  it('fails a body that is not JSON as the catalog would, before it', async () => {
    const t = await setup();
    const response = await request(t.app)
      .post('/locations')
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{"type": ');
    expect(response.status).toBe(400);
    expect(t.seen).toEqual([]);
    await t.knex.destroy();
  });

  it('does not register when it cannot record', async () => {
    const t = await setup();
    await t.knex.schema.dropTable('paasport_location_registrations');
    expect((await t.register(alice)).status).toBe(500);
    expect(t.seen).toEqual([]);
    await eventually(() => t.records.length > 0, 5_000, 'the audit');
    expect(t.records[0].outcome).toBe('fail');
    await t.knex.destroy();
  });
});
