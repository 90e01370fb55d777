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
    fakes.dev.seed({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'cart-ns' },
    });
    await ledger.record('mock-task-id', {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'cart-ns',
    });
    // Another task's entry is never touched.
    await ledger.record('other-task', {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'keep',
    });
    const ctx = createMockActionContext();
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    expect(fakes.dev.calls).toEqual(['delete Namespace//cart-ns']);
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
    fakes.dev.failOn = () =>
      new Error('dev: HTTP 403: namespaces "x" is forbidden');
    await ledger.record('mock-task-id', {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'x',
    });
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
    await ledger.record('mock-task-id', {
      type: 'kubernetes',
      cluster: 'dev',
      apiVersion: 'v1',
      kind: 'Namespace',
      name: 'x',
    });
    await action.handler({
      ...createMockActionContext(),
      isDryRun: true,
    } as any);
    expect(fakes.dev.calls).toEqual([]);
  });
});
