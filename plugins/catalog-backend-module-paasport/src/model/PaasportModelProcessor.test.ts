import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogSystemIndex } from './CatalogSystemIndex';
import { PaasportModelProcessor } from './PaasportModelProcessor';

const location = { type: 'file', target: '/catalog/payments.yaml' };

const entity = (kind: string, name: string, spec: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});

const shop = entity('System', 'shop', { owner: 'storefront' });
const existing = entity('Component', 'shop-web', { system: 'shop' });
const orphan = entity('Component', 'shop-legacy', { system: 'shopp' });

async function process(target: Entity, catalogEntities: Entity[]) {
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const processor = new PaasportModelProcessor(
    new CatalogSystemIndex({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    }),
  );
  const emitted: CatalogProcessorResult[] = [];
  const result = await processor.postProcessEntity(target, location, r =>
    emitted.push(r),
  );
  expect(result).toBe(target);
  return emitted.map(r => (r.type === 'error' ? r.error.message : r.type));
}

describe('PaasportModelProcessor', () => {
  it('passes a Component of a known System', async () => {
    expect(await process(existing, [shop, existing])).toEqual([]);
  });

  it('reports an unknown System of a Component already in the catalog', async () => {
    expect(await process(orphan, [shop, orphan])).toEqual([
      'component:default/shop-legacy is part of system:default/shopp, which is not in the catalog',
    ]);
  });

  it('lets a new Component through once, as its System may be on its way', async () => {
    expect(await process(orphan, [shop])).toEqual([]);
  });

  it('reports model problems as input errors at the entity location', async () => {
    const team = entity('Group', 'payments', { type: 'team', children: [] });
    const catalog = catalogServiceMock({ entities: [] });
    const processor = new PaasportModelProcessor(
      new CatalogSystemIndex({
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      }),
    );
    const emit = jest.fn();
    await processor.postProcessEntity(team, location, emit);
    expect(emit).toHaveBeenCalledWith({
      type: 'error',
      location,
      error: expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('has no paasport.io/namespace'),
      }),
    });
  });
});
