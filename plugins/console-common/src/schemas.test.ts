import { logsQuerySchema, rollbackRequestSchema } from './schemas';

const rollback = {
  cluster: 'dev',
  namespace: 'payments',
  name: 'payments-ledger-db',
  toRevision: 2,
  resourceVersion: '42',
  reason: 'bad schema migration',
};

describe('rollbackRequestSchema', () => {
  it('takes Deployments and StatefulSets, not forced unless asked', () => {
    for (const kind of ['Deployment', 'StatefulSet'] as const) {
      expect(rollbackRequestSchema.parse({ ...rollback, kind })).toEqual({
        ...rollback,
        kind,
        force: false,
      });
    }
    expect(
      rollbackRequestSchema.parse({
        ...rollback,
        kind: 'Deployment',
        force: true,
      }).force,
    ).toBe(true);
  });

  it('refuses other kinds and a missing kind', () => {
    expect(
      rollbackRequestSchema.safeParse({ ...rollback, kind: 'DaemonSet' })
        .success,
    ).toBe(false);
    expect(rollbackRequestSchema.safeParse(rollback).success).toBe(false);
  });
});

describe('logsQuerySchema', () => {
  it('keeps the picked container next to the previous-container flag', () => {
    expect(
      logsQuerySchema.parse({
        cluster: 'dev',
        workload: 'shop-api',
        container: 'istio-proxy',
        previous: 'true',
      }),
    ).toMatchObject({
      kind: 'Deployment',
      container: 'istio-proxy',
      previous: true,
      follow: false,
      tailLines: 100,
    });
    expect(
      logsQuerySchema.safeParse({
        cluster: 'dev',
        workload: 'shop-api',
        container: '',
      }).success,
    ).toBe(false);
  });
});
