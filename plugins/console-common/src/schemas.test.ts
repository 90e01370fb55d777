import {
  entityPathSchema,
  kubernetesLabelNameSchema,
  kubernetesObjectNameSchema,
  logsQuerySchema,
  releasesQuerySchema,
  revisionComparisonQuerySchema,
  rollbackRequestSchema,
} from './schemas';

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

describe('names from requests', () => {
  const query = { cluster: 'dev', workload: 'shop-api' };
  const issues = (schema: any, value: unknown): string[] => {
    const result = schema.safeParse(value);
    return result.success
      ? []
      : result.error.issues.map(
          (i: { path: PropertyKey[]; message: string }) =>
            `${i.path.join('.')}: ${i.message}`,
        );
  };

  it('takes what Kubernetes takes', () => {
    expect(
      logsQuerySchema.parse({
        cluster: 'prod-eu.1',
        namespace: 'storefront',
        workload: 'shop.api-v2',
        container: 'istio-proxy',
      }),
    ).toMatchObject({
      cluster: 'prod-eu.1',
      namespace: 'storefront',
      workload: 'shop.api-v2',
      container: 'istio-proxy',
    });
    expect(kubernetesObjectNameSchema.parse('a'.repeat(253))).toHaveLength(253);
    expect(kubernetesLabelNameSchema.parse('a'.repeat(63))).toHaveLength(63);
  });

  it.each([
    ['workload', 'shop-api\nINFO forged line'],
    ['workload', 'shop-api\n'],
    ['workload', ' shop-api'],
    ['workload', 'Shop-Api'],
    ['workload', 'shop/api'],
    ['workload', 'shop-'],
    ['workload', ''],
    ['workload', 'a'.repeat(254)],
    ['namespace', 'store.front'],
    ['namespace', 'a'.repeat(64)],
    ['namespace', 'storefront\r\n'],
    ['container', 'app\u0000'],
    ['container', 'App'],
    ['cluster', 'dev\nprod'],
    ['cluster', 'dev/prod'],
    ['cluster', 'dev\u001b[31m'],
    ['cluster', 'dev\u200b'],
    ['cluster', ''],
  ])(
    'refuses a bad %s (case %#), naming the field and not the value',
    (field, value) => {
      const found = issues(logsQuerySchema, { ...query, [field]: value });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(new RegExp(`^${field}: must `));
      expect(value.length < 2 || !found[0].includes(value)).toBe(true);
    },
  );

  it('checks rollback requests and entity paths the same way', () => {
    const valid = {
      ...rollback,
      kind: 'Deployment',
    };
    expect(issues(rollbackRequestSchema, valid)).toEqual([]);
    expect(
      issues(rollbackRequestSchema, { ...valid, name: 'ledger\nx' }),
    ).toEqual([expect.stringMatching(/^name: must be a Kubernetes DNS-1123/)]);
    expect(
      issues(rollbackRequestSchema, { ...valid, namespace: 'pay ments' }),
    ).toEqual([
      expect.stringMatching(/^namespace: must be a Kubernetes DNS-1123 label/),
    ]);
    expect(
      issues(rollbackRequestSchema, { ...valid, resourceVersion: '42\n' }),
    ).toEqual([
      expect.stringMatching(/^resourceVersion: must be a Kubernetes/),
    ]);
    expect(
      issues(entityPathSchema, {
        kind: 'Component',
        namespace: 'default',
        name: 'Shop_Web.v2',
      }),
    ).toEqual([]);
    expect(
      issues(entityPathSchema, {
        kind: 'component',
        namespace: 'default',
        name: 'shop\nweb',
      }),
    ).toEqual(['name: must be a catalog entity name']);
    expect(
      issues(releasesQuerySchema, { cluster: 'dev\n' }).map(i => i.slice(0, 9)),
    ).toEqual(['cluster: ']);
  });
});

describe('revisionComparisonQuerySchema', () => {
  const base = { cluster: 'dev', workload: 'shop-api' };

  it('defaults to the current revision against the one before it', () => {
    expect(revisionComparisonQuerySchema.parse(base)).toEqual({
      ...base,
      kind: 'Deployment',
    });
    expect(
      revisionComparisonQuerySchema.parse({
        ...base,
        kind: 'StatefulSet',
        revision: '5',
        against: '2',
      }),
    ).toEqual({ ...base, kind: 'StatefulSet', revision: 5, against: 2 });
  });

  it('refuses revisions that are no revision numbers, or the same twice', () => {
    for (const bad of [
      { revision: 'one' },
      { revision: '0' },
      { against: '-1' },
      { against: '1.5' },
      { revision: '3', against: '3' },
    ]) {
      expect(
        revisionComparisonQuerySchema.safeParse({ ...base, ...bad }).success,
      ).toBe(false);
    }
  });
});
