import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { testDepsWithUndoer } from '../../__testUtils__/fakes';
import { createUndoTaskAction } from './undoTask';

async function setup() {
  const { undoer, ...t } = await testDepsWithUndoer();
  return { ...t, action: createUndoTaskAction({ undoer, auditor: t.auditor }) };
}

describe('paasport:task:undo', () => {
  it("removes this task's resources and logs each one", async () => {
    const { action, ledger, fakes } = await setup();
    fakes.dev.seedTeamNamespace('cart-ns', 'storefront');
    const uid = fakes.dev.read({ kind: 'Namespace', name: 'cart-ns' })!.metadata
      .uid;
    await ledger.record(
      'mock-task-id',
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'cart-ns',
        uid,
        actor: 'platform',
      },
      { initiator: 'user:default/mock' },
    );
    // Another task's entry is never touched.
    await ledger.record(
      'other-task',
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'keep',
        uid: 'x',
        actor: 'platform',
      },
      { initiator: 'user:default/mock' },
    );
    const ctx = createMockActionContext();
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    expect(fakes.dev.calls).toEqual(['delete Namespace//cart-ns as platform']);
    expect(info).toHaveBeenCalledWith(
      'Undo: Namespace cart-ns on cluster dev: removed',
    );
    expect(ctx.output).toHaveBeenCalledWith('removed', [
      'Namespace cart-ns on cluster dev',
    ]);
    expect((await ledger.entries('other-task'))[0].status).toBe('created');
  });

  it('fails the step, naming the leftovers, when something could not be removed', async () => {
    const { action, ledger, fakes, auditor } = await setup();
    fakes.dev.failOn = verb =>
      verb === 'delete'
        ? new Error('dev: HTTP 403: namespaces "x" is forbidden')
        : undefined;
    fakes.dev.seedTeamNamespace('x', 'storefront');
    await ledger.record(
      'mock-task-id',
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'x',
        uid: fakes.dev.read({ kind: 'Namespace', name: 'x' })!.metadata.uid,
        actor: 'platform',
      },
      { initiator: 'user:default/mock' },
    );
    await expect(
      action.handler(createMockActionContext() as any),
    ).rejects.toThrow(
      'Undo could not remove: Namespace x on cluster dev: dev: HTTP 403: namespaces "x" is forbidden',
    );
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'task-undo',
        meta: expect.objectContaining({ taskId: 'mock-task-id' }),
      }),
    );
  });

  it('does nothing in a dry run', async () => {
    const { action, ledger, fakes } = await setup();
    await ledger.record(
      'mock-task-id',
      {
        type: 'kubernetes',
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'Namespace',
        name: 'x',
        uid: 'u',
        actor: 'platform',
      },
      { initiator: 'user:default/mock' },
    );
    await action.handler({
      ...createMockActionContext(),
      isDryRun: true,
    } as any);
    expect(fakes.dev.calls).toEqual([]);
  });
});
