import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createGetCanaryAction } from './createGetCanaryAction';
import { canaryDetail } from './__testUtils__/canaries';
import { actionInvoker } from './__testUtils__/invoker';

// The mapping only: the service is faked.

describe('get-canary action', () => {
  const setup = () => {
    const { registry, invoke } = actionInvoker('get-canary');
    const get = jest.fn(async () => canaryDetail);
    createGetCanaryAction({
      actionsRegistry: registry,
      auth: mockServices.auth(),
      canaries: { get },
    });
    return { registry, get, invoke };
  };

  it('gives per metric the outcome, medians, p-value and reason, and the history', async () => {
    const { get, invoke } = setup();
    const { output } = await invoke({ id: canaryDetail.id });
    expect(output).toMatchObject({
      id: canaryDetail.id,
      phase: 'paused',
      running: true,
      failures: 0,
      failureLimit: 2,
    });
    const { verdicts, events } = output as Record<string, unknown>;
    expect(verdicts).toEqual([
      {
        stepIndex: 0,
        weight: 20,
        outcome: 'pass',
        judgedAt: '2025-05-02T09:02:00Z',
        metrics: [
          {
            name: 'error rate',
            unit: '%',
            outcome: 'pass',
            reason: 'canary 0.4% vs stable 0.5%: within +1 point',
            medians: { canary: 0.4, stable: 0.5 },
            pValue: 0.62,
          },
          {
            name: 'latency p95',
            unit: 's',
            outcome: 'inconclusive',
            reason: 'too few samples on the canary (3 of 8)',
            medians: { canary: null, stable: 0.21 },
            pValue: null,
          },
        ],
      },
    ]);
    expect(events).toEqual([
      {
        at: '2025-05-02T09:00:00Z',
        kind: 'started',
        stepIndex: 0,
        message: 'started by user:default/alice: release 1.3.0',
        by: 'user:default/alice',
      },
      {
        at: '2025-05-02T09:02:00Z',
        kind: 'analysed',
        stepIndex: 0,
        message: 'analysis passed',
      },
    ]);
    // Neither the changed variables' names nor the PromQL nor the actions.
    const text = JSON.stringify(output);
    for (const left of ['DB_PASSWORD', 'sum(rate', 'allowedActions']) {
      expect(text).not.toContain(left);
    }
    expect(get).toHaveBeenCalledWith(canaryDetail.id, mockCredentials.user());
  });

  it('is read-only and runs its example', async () => {
    const { registry, get, invoke } = setup();
    const [action] = (await registry.list()).actions;
    expect(action.attributes).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
    });
    expect(action.examples).toHaveLength(1);
    for (const example of action.examples ?? []) {
      await invoke(example.input);
    }
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('refuses a service principal and an id that is no uuid', async () => {
    const { get, invoke } = setup();
    await expect(
      invoke({ id: canaryDetail.id }, mockCredentials.service()),
    ).rejects.toThrow(NotAllowedError);
    await expect(invoke({ id: 'not-a-uuid' })).rejects.toThrow(InputError);
    expect(get).not.toHaveBeenCalled();
  });
});
