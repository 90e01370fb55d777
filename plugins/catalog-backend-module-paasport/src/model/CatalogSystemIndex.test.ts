import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogSystemIndex } from './CatalogSystemIndex';

const system = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'payments' },
});

const ref = (name: string) => ({ kind: 'system', namespace: 'default', name });

function setup(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  let now = 1_000_000;
  const logger = mockServices.logger.mock();
  const index = new CatalogSystemIndex({
    catalog,
    auth: mockServices.auth(),
    logger,
    now: () => now,
  });
  return { index, getEntities, logger, advance: (ms: number) => (now += ms) };
}

describe('CatalogSystemIndex', () => {
  it('answers hits from one list of Systems until it is 30 s old', async () => {
    const { index, getEntities, advance } = setup([
      system('shop'),
      system('payments'),
    ]);
    const answers = await Promise.all([
      index.hasSystem(ref('shop')),
      index.hasSystem(ref('PAYMENTS')),
      index.hasSystem(ref('shop')),
    ]);
    expect(answers).toEqual([true, true, true]);
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntities.mock.calls[0][0]).toMatchObject({
      filter: { kind: 'System' },
    });
    advance(29_000);
    await index.hasSystem(ref('shop'));
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(2_000);
    await index.hasSystem(ref('shop'));
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('reloads on a miss at most every 5 s', async () => {
    const { index, getEntities, advance } = setup([system('shop')]);
    expect(await index.hasSystem(ref('nope'))).toBe(false);
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(6_000);
    expect(await index.hasSystem(ref('nope'))).toBe(false);
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(await index.hasSystem(ref('nope'))).toBe(false);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('says "don\'t know" while the catalog fails, and logs that once', async () => {
    const { index, getEntities, logger, advance } = setup([system('shop')]);
    getEntities.mockRejectedValue(new Error('ECONNREFUSED'));
    expect(await index.hasSystem(ref('shop'))).toBeUndefined();
    advance(10_000);
    expect(await index.hasSystem(ref('shop'))).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('ECONNREFUSED');
    getEntities.mockRestore();
    advance(10_000);
    expect(await index.hasSystem(ref('shop'))).toBe(true);
    expect(logger.info).toHaveBeenCalledWith(
      'Catalog lookups of Systems work again',
    );
  });

  it('tells whether an entity exists', async () => {
    const { index } = setup([system('shop')]);
    expect(await index.hasEntity(ref('shop'))).toBe(true);
    expect(await index.hasEntity({ ...ref('shop'), kind: 'component' })).toBe(
      false,
    );
  });
});
