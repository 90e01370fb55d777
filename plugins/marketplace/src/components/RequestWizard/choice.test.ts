import {
  offerings,
  shopApi,
  shopSystem,
  docsSite,
} from '../../__testUtils__/fixtures';
import { choiceProblems, emptyChoice, toRequestBody } from './choice';

const redis = offerings[1];
const redisSmall = redis.plans[0];
const kafka = offerings[2];
const kafkaStandard = kafka.plans[0];

describe('the first step of the request wizard', () => {
  it('binds a Component for itself by default', () => {
    expect(emptyChoice(shopApi)).toMatchObject({
      bindNow: true,
      bindingName: 'shop-api',
    });
    expect(emptyChoice(shopSystem)).toMatchObject({
      bindNow: false,
      bindingName: '',
    });
  });

  it('names every missing or invalid field', () => {
    const { problems } = choiceProblems(emptyChoice(), redisSmall, 2);
    expect(problems.application).toBeDefined();
    expect(problems.name).toBe('Name the instance');
    expect(
      choiceProblems(
        { ...emptyChoice(docsSite), name: 'Cache!' },
        redisSmall,
        1,
      ).problems,
    ).toMatchObject({
      application: 'Choose an application or one of its components',
      name: expect.stringContaining('lowercase'),
    });
  });

  it('needs a cluster for operator plans, and for a Secret among several clusters', () => {
    const ready = { ...emptyChoice(shopApi), name: 'cache' };
    expect(choiceProblems(ready, redisSmall, 2).problems.cluster).toBe(
      'Choose the cluster the Secret is delivered to',
    );
    expect(choiceProblems(ready, redisSmall, 1).problems.cluster).toBe(
      undefined,
    );
    expect(
      choiceProblems({ ...ready, bindNow: false }, redisSmall, 2).problems
        .cluster,
    ).toBeUndefined();
    expect(
      choiceProblems({ ...ready, bindNow: false }, kafkaStandard, 2).problems
        .cluster,
    ).toBe('This plan runs on a cluster of your choice');
    expect(
      Object.values(
        choiceProblems({ ...ready, cluster: 'dev' }, redisSmall, 2).problems,
      ).every(p => p === undefined),
    ).toBe(true);
  });

  it('sends a Component as component, a System as system', () => {
    const fromComponent = toRequestBody(
      { ...emptyChoice(shopApi), name: 'cache', cluster: 'dev' },
      redis,
      redisSmall,
      {},
    );
    expect(fromComponent).toEqual({
      offeringId: 'redis',
      planId: 'small',
      name: 'cache',
      component: 'component:default/shop-api',
      cluster: 'dev',
      parameters: {},
      binding: { name: 'shop-api' },
    });
    expect(
      toRequestBody(
        { ...emptyChoice(shopSystem), name: 'events' },
        kafka,
        kafkaStandard,
        { partitions: 6 },
      ),
    ).toEqual({
      offeringId: 'kafka',
      planId: 'standard',
      name: 'events',
      system: 'system:default/shop',
      parameters: { partitions: 6 },
    });
  });
});
