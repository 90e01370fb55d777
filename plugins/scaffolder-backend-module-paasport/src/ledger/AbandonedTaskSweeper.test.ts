import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { testDepsWithUndoer } from '../__testUtils__/fakes';
import { AbandonedTaskSweeper } from './AbandonedTaskSweeper';
import { TaskUndoClaims } from './TaskUndoClaims';

const SWEEPER = 'scaffolder@pod-1#sweeper';

const configMap = (name: string, uid: string) =>
  ({
    type: 'kubernetes',
    cluster: 'dev',
    apiVersion: 'v1',
    kind: 'ConfigMap',
    namespace: 'storefront',
    name,
    uid,
    actor: 'initiator',
  } as const);

async function setup(statuses: Record<string, string | Error>) {
  const { undoer, ...t } = await testDepsWithUndoer();
  const auditor = mockServices.auditor.mock();
  const events: Array<{ outcome: string; meta?: object }> = [];
  auditor.createEvent.mockImplementation(async () => ({
    success: async (o?: { meta?: object }) => {
      events.push({ outcome: 'success', meta: o?.meta });
    },
    fail: async (o: { meta?: object }) => {
      events.push({ outcome: 'fail', meta: o.meta });
    },
  }));
  const asked: string[] = [];
  const claims = new TaskUndoClaims(t.knex);
  const sweeper = new AbandonedTaskSweeper({
    ledger: t.ledger,
    claims,
    owner: SWEEPER,
    leaseMs: 30_000,
    undoer,
    scaffolder: {
      async getTask({ taskId }) {
        asked.push(taskId);
        const status = statuses[taskId];
        if (status instanceof Error) throw status;
        return {
          id: taskId,
          status,
          lastHeartbeatAt: '2026-12-10T10:00:00.000Z',
        } as any;
      },
    },
    auth: mockServices.auth(),
    auditor,
    logger: mockServices.logger.mock(),
  });
  for (const taskId of Object.keys(statuses)) {
    t.fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: taskId, namespace: 'storefront' },
    });
    const uid = t.fakes.dev.read({
      kind: 'ConfigMap',
      namespace: 'storefront',
      name: taskId,
    })!.metadata.uid!;
    // Undo acts as the person who started the task, read from the ledger.
    await t.ledger.record(taskId, configMap(taskId, uid), {
      initiator: 'user:default/mock',
    });
  }
  return { ...t, sweeper, claims, auditor, events, asked };
}

describe('AbandonedTaskSweeper', () => {
  it('undoes failed and cancelled tasks, forgets completed ones and leaves running ones', async () => {
    const { sweeper, fakes, ledger, claims, events, auditor } = await setup({
      crashed: 'failed',
      cancelled: 'cancelled',
      done: 'completed',
      busy: 'processing',
      queued: 'open',
    });
    const result = await sweeper.sweep();

    expect(result.undone.map(u => [u.taskId, u.status])).toEqual([
      ['crashed', 'failed'],
      ['cancelled', 'cancelled'],
    ]);
    expect(result.forgotten).toEqual(['done']);
    expect(result.running).toEqual(['busy', 'queued']);
    const left = [...fakes.dev.objects.keys()]
      .filter(k => k.startsWith('ConfigMap/'))
      .sort();
    expect(left).toEqual([
      'ConfigMap/storefront/busy',
      'ConfigMap/storefront/done',
      'ConfigMap/storefront/queued',
    ]);
    expect(fakes.dev.calls).toEqual([
      'delete ConfigMap/storefront/crashed as user:default/mock',
      'delete ConfigMap/storefront/cancelled as user:default/mock',
    ]);
    expect((await ledger.entries('crashed'))[0]).toMatchObject({
      status: 'removed',
      recordedBy: ledger.replica,
      undoneBy: SWEEPER,
    });
    expect(await ledger.entries('done')).toEqual([]);
    // The audit names who started the task, the replica that ran it and
    // the sweep that undid it.
    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'task-undo-sweep',
      severityLevel: 'medium',
      meta: {
        taskId: 'crashed',
        taskStatus: 'failed',
        initiator: 'user:default/mock',
        ranOn: [ledger.replica],
        undoneBy: SWEEPER,
        takenOverFrom: null,
      },
    });
    // So does the task's undo history, and the claim is given back.
    expect(
      (await claims.history('crashed')).map(e => [e.event, e.actor, e.message]),
    ).toEqual([
      [
        'abandoned',
        SWEEPER,
        `Task failed without its undo step finishing (the replica running it stopped, or the step never ran); it ran on ${ledger.replica}, last heartbeat 2026-12-10T10:00:00.000Z. ${SWEEPER} takes the undo over`,
      ],
      [
        'finished',
        SWEEPER,
        `${SWEEPER} finished the undo: 1 removed, 0 not there, 0 kept, 0 could not be removed`,
      ],
    ]);
    expect((await claims.history('cancelled'))[0].message).toMatch(
      /^Task was cancelled, so the scaffolder skipped its undo step/,
    );
    expect(await claims.holder('crashed')).toBeUndefined();
    expect(await claims.history('done')).toEqual([]);
    expect(events).toEqual([
      {
        outcome: 'success',
        meta: { removed: ['ConfigMap storefront/crashed on cluster dev'] },
      },
      {
        outcome: 'success',
        meta: { removed: ['ConfigMap storefront/cancelled on cluster dev'] },
      },
    ]);

    // Nothing is asked twice: undone and completed tasks leave the sweep.
    const again = await sweeper.sweep();
    expect(again.undone).toEqual([]);
    expect(again.running).toEqual(['busy', 'queued']);
  });

  it('touches nothing of a task the scaffolder cannot find, and goes on with the rest', async () => {
    const { sweeper, fakes } = await setup({
      lost: new NotFoundError('Task with id lost does not exist'),
      crashed: 'failed',
    });
    const result = await sweeper.sweep();
    expect(result.unknown).toEqual([
      { taskId: 'lost', reason: 'Task with id lost does not exist' },
    ]);
    expect(result.undone.map(u => u.taskId)).toEqual(['crashed']);
    expect(
      [...fakes.dev.objects.keys()].filter(k => k.startsWith('ConfigMap/')),
    ).toEqual(['ConfigMap/storefront/lost']);
  });

  it('reports what it could not remove as a failed audit event', async () => {
    const { sweeper, fakes, events } = await setup({ crashed: 'failed' });
    fakes.dev.failOn = verb =>
      verb === 'delete' ? new Error('dev: HTTP 403: forbidden') : undefined;
    const result = await sweeper.sweep();
    expect(result.undone[0].report.failed).toEqual([
      'ConfigMap storefront/crashed on cluster dev: dev: HTTP 403: forbidden',
    ]);
    expect(events).toEqual([{ outcome: 'fail', meta: { removed: [] } }]);
  });
});
