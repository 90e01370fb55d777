import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { CanaryVerdict } from '../../analysis/verdict';
import { canarySpecSchema } from '../../plan/canarySpec';
import { CanaryState, startCanary } from '../../plan/canaryState';
import { NewCanary } from '../types';

const PG_ENV = 'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * SQLite and the PostgreSQL every machine of this project runs. A missing
 * PostgreSQL fails the suite instead of TestDatabases quietly shrinking it:
 * the claims are only really concurrent there.
 */
export function canaryTestDatabases(
  ids: TestDatabaseId[] = ['SQLITE_3', 'POSTGRES_15'],
): TestDatabases {
  process.env[PG_ENV] ??= 'postgresql://postgres@127.0.0.1:5432';
  const databases = TestDatabases.create({ ids, disableDocker: true });
  for (const id of ids) {
    if (!databases.supports(id)) {
      throw new Error(`Test database ${id} is not available`);
    }
  }
  return databases;
}

export const migrationsDir = resolvePackagePath(
  '@paasport/plugin-console-backend',
  'migrations',
);

/**
 * What a write that breaks a unique index or primary key rejects with.
 * Matched by code, not with `toThrow`: better-sqlite3 hands its error class
 * to its native part once per process, so in every later Jest sandbox its
 * errors are not `instanceof Error` and `toThrow` says nothing was thrown.
 */
export const uniqueViolation = {
  code: expect.stringMatching(
    /^(23505|SQLITE_CONSTRAINT_UNIQUE|SQLITE_CONSTRAINT_PRIMARYKEY)$/,
  ),
};

export const T0 = new Date('2026-12-07T10:00:00.000Z');

/** T0 plus some seconds. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function canaryState(changes: Partial<CanaryState> = {}): CanaryState {
  return {
    ...startCanary({
      originalReplicas: 4,
      stableTemplate: 'template-v1',
      canaryTemplate: 'template-v2',
      now: T0,
    }),
    ...changes,
  };
}

/** A canary of `storefront/<name>` on cluster dev, due at T0. */
export function newCanary(overrides: Partial<NewCanary> = {}): NewCanary {
  const name = overrides.name ?? 'shop-api';
  return {
    entityRef: `component:default/${name}`,
    cluster: 'dev',
    namespace: 'storefront',
    name,
    canaryName: `${name}-canary`,
    spec: canarySpecSchema.parse({
      images: { api: 'registry.example.com/shop/api:1.4.2' },
    }),
    state: canaryState(),
    actor: 'user:default/alice',
    impersonation: {
      userEntityRef: 'user:default/alice',
      groupEntityRefs: ['group:default/storefront'],
    },
    baseline: {
      uid: '0b7c2a51-3f7e-4a8e-9a43-5d2f1c0e8b61',
      generation: 7,
      resourceVersion: '48213',
      replicas: 4,
      templateHash: 'template-v1',
    },
    nextRunAt: T0.toISOString(),
    now: T0,
    ...overrides,
  };
}

export function verdict(
  outcome: CanaryVerdict['outcome'],
  judgedAt: Date,
): CanaryVerdict {
  return {
    outcome,
    judgedAt: judgedAt.toISOString(),
    settings: { minSamples: 6, alpha: 0.05 },
    metrics: [
      {
        name: 'error rate',
        unit: '%',
        outcome,
        reason: 'canary 4.1 % against stable 0.2 %',
        queries: { canary: 'sum(rate(x[1m]))', stable: 'sum(rate(y[1m]))' },
        canary: { samples: 8, median: 4.1, mean: 4.3 },
        stable: { samples: 8, median: 0.2, mean: 0.25 },
        test: { u: 0, pValue: 0.0001, method: 'exact', alternative: 'greater' },
        rule: { higherIsWorse: true, maxIncrease: 1 },
      },
    ],
  };
}
