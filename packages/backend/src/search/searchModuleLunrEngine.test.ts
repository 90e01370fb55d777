import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  EmptyTypesLunrSearchEngine,
  indexTaskId,
  reindexNow,
} from './searchModuleLunrEngine';

/** An engine with software-catalog documents and no techdocs index. */
async function engineWithCatalogOnly() {
  const engine = new EmptyTypesLunrSearchEngine({
    logger: mockServices.logger.mock(),
  });
  const indexer = await engine.getIndexer('software-catalog');
  await new Promise<void>((resolve, reject) => {
    indexer.on('finish', resolve).on('error', reject);
    indexer.end({
      title: 'shop-api',
      text: 'The shop API',
      location: '/catalog/default/component/shop-api',
    });
  });
  return engine;
}

describe('EmptyTypesLunrSearchEngine', () => {
  it('answers no results for a type without an index instead of failing', async () => {
    const engine = await engineWithCatalogOnly();
    await expect(
      engine.query({ term: 'shop', types: ['techdocs'] }),
    ).resolves.toEqual({ results: [], numberOfResults: 0 });
  });

  it('still searches the types that have an index', async () => {
    const engine = await engineWithCatalogOnly();
    const { results } = await engine.query({
      term: 'shop',
      types: ['software-catalog', 'techdocs'],
    });
    expect(results.map(r => r.document.title)).toEqual(['shop-api']);
  });
});

describe('reindexNow', () => {
  it("triggers each type's indexing task by the search backend's task id", async () => {
    const scheduler = mockServices.scheduler.mock();
    await reindexNow(scheduler, mockServices.logger.mock());
    expect(scheduler.triggerTask.mock.calls).toEqual([
      ['search_index_software_catalog'],
      ['search_index_techdocs'],
    ]);
  });

  it('goes on past a task not stored yet or still marked running', async () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.triggerTask
      .mockRejectedValueOnce(new NotFoundError('Task does not exist'))
      .mockRejectedValueOnce(new ConflictError('Task is currently running'));
    await reindexNow(scheduler, mockServices.logger.mock(), ['a-b', 'c']);
    expect(scheduler.triggerTask.mock.calls).toEqual([
      [indexTaskId('a-b')],
      [indexTaskId('c')],
    ]);
  });

  it('fails on any other error', async () => {
    const scheduler = mockServices.scheduler.mock();
    scheduler.triggerTask.mockRejectedValue(new Error('database gone'));
    await expect(
      reindexNow(scheduler, mockServices.logger.mock()),
    ).rejects.toThrow('database gone');
  });
});
