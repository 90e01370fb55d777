import { attentionItems } from './attention';
import { ServiceHealthRow, WorkloadHealth } from './serviceHealth';

const workload = (over: Partial<WorkloadHealth>): WorkloadHealth => ({
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'shop-api',
  ready: 3,
  desired: 3,
  state: 'healthy',
  revision: 3,
  versions: ['1.2.0'],
  comparable: true,
  ...over,
});

const row = (cells: ServiceHealthRow['cells']): ServiceHealthRow => ({
  entityRef: 'component:default/shop-api',
  cells,
});

describe('attentionItems', () => {
  it('lists nothing for healthy services with a low error rate', () => {
    const signals = { requestRate: 30, errorRate: 0.004, latencyP95: 0.05 };
    expect(
      attentionItems([
        row([
          { cluster: 'dev', workloads: [workload({ signals })] },
          { cluster: 'prod', workloads: [] },
        ]),
      ]),
    ).toEqual([]);
  });

  it('puts failures and high error rates first, then degraded, then rollouts', () => {
    const items = attentionItems([
      row([
        { cluster: 'dev', workloads: [workload({ state: 'rolling out' })] },
        {
          cluster: 'prod',
          workloads: [
            workload({
              state: 'degraded',
              ready: 1,
              signals: { requestRate: 20, errorRate: 0.061, latencyP95: 0.49 },
            }),
          ],
        },
      ]),
      {
        entityRef: 'component:default/shop-worker',
        cells: [
          {
            cluster: 'dev',
            workloads: [workload({ name: 'shop-worker', state: 'failed' })],
          },
        ],
      },
    ]);
    expect(
      items.map(i => [i.entityRef, i.cluster, i.severity, i.what]),
    ).toEqual([
      [
        'component:default/shop-api',
        'prod',
        'error',
        '6.1 % of requests fail (1.2.0)',
      ],
      [
        'component:default/shop-worker',
        'dev',
        'error',
        'rollout failed (1.2.0)',
      ],
      [
        'component:default/shop-api',
        'prod',
        'warning',
        '1 of 3 pods ready (1.2.0)',
      ],
      ['component:default/shop-api', 'dev', 'info', 'rolling out (1.2.0)'],
    ]);
  });

  it('ignores clusters that did not answer and services without traffic', () => {
    expect(
      attentionItems([
        row([
          { cluster: 'dev', error: 'connect ECONNREFUSED' },
          {
            cluster: 'prod',
            workloads: [
              workload({
                signals: {
                  requestRate: null,
                  errorRate: null,
                  latencyP95: null,
                },
              }),
            ],
          },
        ]),
      ]),
    ).toEqual([]);
  });
});
