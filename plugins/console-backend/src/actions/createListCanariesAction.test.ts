import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createListCanariesAction } from './createListCanariesAction';
import { finishedCanary, runningCanary } from './__testUtils__/canaries';
import { actionInvoker } from './__testUtils__/invoker';

// The mapping only: the service is faked.

describe('list-canaries action', () => {
  const setup = () => {
    const { registry, invoke } = actionInvoker('list-canaries');
    const list = jest.fn(async () => ({
      canaries: [runningCanary, finishedCanary],
    }));
    createListCanariesAction({
      actionsRegistry: registry,
      auth: mockServices.auth(),
      canaries: { list },
    });
    return { registry, list, invoke };
  };

  it('keeps the order and gives each canary without env names or actions', async () => {
    const { list, invoke } = setup();
    const { output } = await invoke({
      entityRef: 'component:default/shop-web',
    });
    expect(output).toEqual({
      canaries: [
        {
          id: runningCanary.id,
          component: 'component:default/shop-web',
          cluster: 'dev',
          namespace: 'storefront',
          name: 'shop-web',
          running: true,
          phase: 'paused',
          stepIndex: 1,
          stepWeights: [20, 50, 100],
          targetWeight: 50,
          actualWeight: 48,
          message: 'Waiting at 50% for a person to resume',
          pause: { kind: 'step', reason: 'step 2 waits for a person' },
          images: { web: 'registry.paasport.dev/shop/web:1.3.0' },
          startedBy: 'user:default/alice',
          createdAt: '2025-05-02T09:00:00Z',
          updatedAt: '2025-05-02T09:04:00Z',
        },
        {
          id: finishedCanary.id,
          component: 'component:default/shop-web',
          cluster: 'dev',
          namespace: 'storefront',
          name: 'shop-web',
          running: false,
          phase: 'aborted',
          stepIndex: 0,
          stepWeights: [20, 50, 100],
          targetWeight: 20,
          actualWeight: null,
          message: 'Aborted: error rate failed twice',
          images: { web: 'registry.paasport.dev/shop/web:1.3.0' },
          outcome: 'failed',
          startedBy: 'user:default/bob',
          createdAt: '2025-05-01T09:00:00Z',
          updatedAt: '2025-05-01T09:10:00Z',
          finishedAt: '2025-05-01T09:10:00Z',
        },
      ],
    });
    expect(JSON.stringify(output)).not.toContain('DB_PASSWORD');
    expect(list).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'shop-web' },
      mockCredentials.user(),
    );
  });

  it('is read-only and runs its example', async () => {
    const { registry, list, invoke } = setup();
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
    expect(list).toHaveBeenCalledTimes(1);
  });

  it('refuses a service principal and bad input before reading anything', async () => {
    const { list, invoke } = setup();
    await expect(
      invoke(
        { entityRef: 'component:default/shop-web' },
        mockCredentials.service(),
      ),
    ).rejects.toThrow(NotAllowedError);
    await expect(invoke({ entityRef: 'user:default/alice' })).rejects.toThrow(
      InputError,
    );
    await expect(invoke({})).rejects.toThrow(InputError);
    expect(list).not.toHaveBeenCalled();
  });
});
