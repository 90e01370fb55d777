import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createAwaitEntityAction } from './awaitEntity';

const FILE =
  'http://gitea.test/paasport/cart/src/branch/main/catalog-info.yaml';

function component(origin: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'cart',
      annotations: { 'backstage.io/managed-by-origin-location': origin },
    },
  };
}

/** A catalog that answers each read with the next of `answers`, then the last. */
function catalogAnswering(answers: (Entity | undefined)[]) {
  let read = 0;
  return catalogServiceMock.mock({
    getEntityByRef: jest.fn(
      async () => answers[Math.min(read++, answers.length - 1)],
    ),
  });
}

/** A step context; `extra` sets what the mock does not take (dry run, signal). */
function context(input: object, extra: object = {}) {
  return {
    ...createMockActionContext({
      input: { entityRef: 'component:cart', timeoutSeconds: 120, ...input },
    }),
    ...extra,
  };
}

describe('paasport:catalog:await', () => {
  it('waits past "not found" and a discovered namesake for the entity from the registered file', async () => {
    const catalog = catalogAnswering([
      undefined,
      component('paasport-discovery:dev/storefront/Deployment/cart'),
      component(`url:${FILE}`),
    ]);
    const action = createAwaitEntityAction({ catalog, pollIntervalMs: 5 });
    const ctx = context({ catalogInfoUrl: FILE });
    const info = jest.spyOn(ctx.logger, 'info');

    await action.handler(ctx as any);

    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/cart',
      { credentials: expect.anything() },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/cart',
    );
    expect(info).toHaveBeenCalledWith(
      'component:default/cart: not in the catalog yet; waiting',
    );
    expect(info).toHaveBeenCalledWith(
      `component:default/cart: the catalog has it from paasport-discovery:dev/storefront/Deployment/cart, not from url:${FILE} yet; waiting`,
    );
  });

  it('keeps waiting through a catalog that does not answer for a moment', async () => {
    let read = 0;
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () => {
        read += 1;
        if (read === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
        return component(`url:${FILE}`);
      }),
    });
    const action = createAwaitEntityAction({ catalog, pollIntervalMs: 5 });
    const ctx = context({ catalogInfoUrl: FILE });
    const info = jest.spyOn(ctx.logger, 'info');
    await action.handler(ctx as any);
    expect(read).toBe(2);
    expect(info).toHaveBeenCalledWith(
      'component:default/cart: the catalog did not answer (connect ECONNREFUSED 127.0.0.1:7007); waiting',
    );
  });

  it('without a file, any entity of that ref counts', async () => {
    const catalog = catalogAnswering([undefined, component('url:elsewhere')]);
    const action = createAwaitEntityAction({ catalog, pollIntervalMs: 5 });
    await action.handler(context({}) as any);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('fails with what it last saw when the entity does not come in time', async () => {
    const catalog = catalogAnswering([undefined]);
    const action = createAwaitEntityAction({ catalog, pollIntervalMs: 100 });
    await expect(
      action.handler(context({ timeoutSeconds: 1 }) as any),
    ).rejects.toThrow(
      'component:default/cart did not appear in the catalog within 1 s (not in the catalog yet); see the catalog backend log for processing errors',
    );
    // Polled for the second, not once and not without pause.
    const reads = (catalog.getEntityByRef as jest.Mock).mock.calls.length;
    expect(reads).toBeGreaterThanOrEqual(5);
    expect(reads).toBeLessThanOrEqual(11);
  });

  it('stops when the task is cancelled', async () => {
    const catalog = catalogAnswering([undefined]);
    const action = createAwaitEntityAction({ catalog, pollIntervalMs: 60_000 });
    const controller = new AbortController();
    const firstRead = new Promise<void>(resolve =>
      (catalog.getEntityByRef as jest.Mock).mockImplementationOnce(async () => {
        resolve();
        return undefined;
      }),
    );
    const done = action.handler(
      context({}, { signal: controller.signal }) as any,
    );
    // Cancelled while waiting a minute for the next read.
    await firstRead;
    controller.abort(new Error('cancelled'));
    await expect(done).rejects.toThrow(
      'Cancelled while waiting for component:default/cart in the catalog',
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed ref before asking the catalog', async () => {
    const catalog = catalogAnswering([undefined]);
    const action = createAwaitEntityAction({ catalog });
    await expect(
      action.handler(context({ entityRef: 'cart' }) as any),
    ).rejects.toThrow("entityRef 'cart' is not an entity reference");
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('refuses a missing ref outside a dry run, naming where it comes from', async () => {
    const catalog = catalogAnswering([undefined]);
    const action = createAwaitEntityAction({ catalog });
    await expect(
      action.handler(context({ entityRef: undefined }) as any),
    ).rejects.toThrow(
      'entityRef is missing: pass ${{ steps.register.output.entityRef }} of the catalog:register step',
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });

  it('a dry run does not wait: nothing was registered', async () => {
    const catalog = catalogAnswering([undefined]);
    const action = createAwaitEntityAction({ catalog });
    // What a dry run passes for the outputs of the skipped catalog:register.
    const ctx = context(
      { entityRef: '<example>', catalogInfoUrl: '<example>' },
      { isDryRun: true },
    );
    await action.handler(ctx as any);
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith('entityRef', '<example>');
    // A dry run of a whole template passes nothing for them.
    await action.handler(
      context({ entityRef: undefined }, { isDryRun: true }) as any,
    );
    expect(catalog.getEntityByRef).not.toHaveBeenCalled();
  });
});
