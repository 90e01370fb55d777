import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  at,
  canaryState,
  canaryTestDatabases,
  newCanary,
  T0,
  uniqueViolation,
  verdict,
} from './__testUtils__/canaryFixtures';
import { DatabaseCanaryStore } from './CanaryStore';

jest.setTimeout(60_000);

const databases = canaryTestDatabases();

describe.each(databases.eachSupportedId())('saving canaries on %p', id => {
  let knex: Knex;
  async function store() {
    knex = await databases.init(id);
    return DatabaseCanaryStore.create({
      database: mockServices.database({ knex }),
    });
  }
  afterEach(async () => knex?.destroy());
  it('saves by compare-and-set on the version', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const analysing = canaryState({ phase: 'analysing', message: 'judging' });
    expect(
      await canaries.save(canary.id, {
        expectedVersion: 1,
        state: analysing,
        nextRunAt: at(30).toISOString(),
        now: at(1),
      }),
    ).toBe(2);
    expect(await canaries.get(canary.id)).toMatchObject({
      version: 2,
      state: analysing,
      phase: 'analysing',
      message: 'judging',
      nextRunAt: at(30).toISOString(),
      updatedAt: at(1).toISOString(),
    });

    const stale = canaries.save(canary.id, {
      expectedVersion: 1,
      state: canaryState({ phase: 'aborting', message: 'stale' }),
      nextRunAt: null,
      events: [{ kind: 'abortStarted', message: 'from a stale read' }],
    });
    await expect(stale).rejects.toThrow(ConflictError);
    await expect(stale).rejects.toThrow(/version 1, it is at version 2/);
    expect(await canaries.get(canary.id)).toMatchObject({
      version: 2,
      phase: 'analysing',
    });
    expect(await canaries.listEvents(canary.id)).toEqual([]);

    await expect(
      canaries.save('00000000-0000-4000-8000-000000000000', {
        expectedVersion: 1,
        state: analysing,
        nextRunAt: null,
      }),
    ).rejects.toThrow(NotFoundError);
  });

  it('keeps the last observation until a save brings a new one', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    expect(canary.observation).toBeUndefined();
    const seen = {
      at: at(5).toISOString(),
      actualWeight: 25,
      canary: { desired: 1, ready: 1 },
      stable: { desired: 3, ready: 3 },
    };
    await canaries.save(canary.id, {
      expectedVersion: 1,
      state: canaryState({ message: 'scaling' }),
      nextRunAt: at(10).toISOString(),
      observation: seen,
    });
    await canaries.save(canary.id, {
      expectedVersion: 2,
      state: canaryState({ message: 'still scaling' }),
      nextRunAt: at(15).toISOString(),
    });
    expect(await canaries.get(canary.id)).toMatchObject({
      version: 3,
      message: 'still scaling',
      observation: seen,
    });
  });

  it('never changes a finished canary again', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const ended = canaryState({ phase: 'aborted', message: 'aborted' });
    await canaries.save(canary.id, {
      expectedVersion: 1,
      state: ended,
      nextRunAt: at(10).toISOString(),
      finished: { outcome: 'aborted', at: at(5).toISOString() },
    });
    const done = await canaries.get(canary.id);
    expect(done).toMatchObject({ outcome: 'aborted', version: 2 });
    expect(done!.nextRunAt).toBeUndefined();
    await expect(
      canaries.save(canary.id, {
        expectedVersion: 2,
        state: canaryState(),
        nextRunAt: null,
      }),
    ).rejects.toThrow(/already ended \(aborted\)/);
    expect(await canaries.get(canary.id)).toEqual(done);
  });

  it('records the decision, its events and its verdict all together or not at all', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const judged = verdict('fail', at(40));
    const verdictId = 'a1b2c3d4-0000-4000-8000-0000000000aa';
    const aborting = canaryState({ phase: 'aborting', message: 'failed' });
    const decision = {
      expectedVersion: 1,
      state: aborting,
      nextRunAt: at(40).toISOString(),
      verdicts: [{ id: verdictId, stepIndex: 0, verdict: judged }],
      events: [
        {
          key: '1:verdict',
          kind: 'verdict',
          stepIndex: 0,
          verdictId,
          message: 'fail',
        },
        { key: '1:abortStarted', kind: 'abortStarted', message: 'aborting' },
      ],
      now: at(40),
    };

    // A second verdict with the same id breaks the last insert: the state
    // change made before it in the transaction must go too.
    await expect(
      canaries.save(canary.id, {
        ...decision,
        verdicts: [...decision.verdicts, ...decision.verdicts],
      }),
    ).rejects.toMatchObject(uniqueViolation);
    expect(await canaries.get(canary.id)).toMatchObject({
      version: 1,
      phase: 'scaling',
    });
    expect(await canaries.listVerdicts(canary.id)).toEqual([]);
    expect(await canaries.listEvents(canary.id)).toEqual([]);

    expect(await canaries.save(canary.id, decision)).toBe(2);
    expect(await canaries.listVerdicts(canary.id)).toEqual([
      { id: verdictId, canaryId: canary.id, stepIndex: 0, verdict: judged },
    ]);
    const events = await canaries.listEvents(canary.id);
    expect(events.map(e => [e.key, e.kind, e.actor, e.at])).toEqual([
      ['1:verdict', 'verdict', 'paasport', at(40).toISOString()],
      ['1:abortStarted', 'abortStarted', 'paasport', at(40).toISOString()],
    ]);
    expect(events[0]).toMatchObject({ stepIndex: 0, verdictId });

    // A replayed tick records under the same keys: kept once.
    await canaries.addEvent(canary.id, {
      key: '1:abortStarted',
      kind: 'abortStarted',
      message: 'aborting again',
    });
    await canaries.addEvent(canary.id, {
      kind: 'paused',
      actor: 'user:default/bob',
      message: 'looking',
    });
    expect((await canaries.listEvents(canary.id)).map(e => e.message)).toEqual([
      'fail',
      'aborting',
      'looking',
    ]);
  });

  it('keeps verdicts and events only for canaries that exist', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const kept = await canaries.addVerdict(canary.id, {
      stepIndex: 1,
      verdict: verdict('inconclusive', at(90)),
    });
    expect(await canaries.listVerdicts(canary.id)).toEqual([kept]);
    expect(kept.id).toMatch(/^[0-9a-f-]{36}$/);
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(
      canaries.addVerdict(missing, {
        stepIndex: 0,
        verdict: verdict('pass', T0),
      }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      canaries.addEvent(missing, { kind: 'paused', message: 'x' }),
    ).rejects.toThrow(NotFoundError);
  });
  it('reads a canary with its verdicts and events as of one version, even when a save lands in between', async () => {
    const canaries = await store();
    const canary = await canaries.create(newCanary());
    const verdictId = 'a1b2c3d4-0000-4000-8000-0000000000bb';
    // The save lands after the verdicts were read and before the events:
    // a plain read would show the new state without its verdict.
    const listEvents = canaries.listEvents.bind(canaries);
    jest
      .spyOn(canaries, 'listEvents')
      .mockImplementationOnce(async canaryId => {
        await canaries.save(canary.id, {
          expectedVersion: 1,
          state: canaryState({ phase: 'aborting', message: 'failed' }),
          nextRunAt: null,
          verdicts: [
            { id: verdictId, stepIndex: 0, verdict: verdict('fail', at(5)) },
          ],
          events: [
            { key: '1:verdict', kind: 'verdict', verdictId, message: 'fail' },
          ],
          now: at(5),
        });
        return listEvents(canaryId);
      });
    const read = await canaries.getWithHistory(canary.id);
    expect(read?.canary).toMatchObject({ version: 2, phase: 'aborting' });
    expect(read?.verdicts.map(v => v.id)).toEqual([verdictId]);
    expect(read?.events.map(e => e.kind)).toEqual(['verdict']);

    expect(
      await canaries.getWithHistory('a1b2c3d4-0000-4000-8000-00000000ffff'),
    ).toBeUndefined();
  });
});
