import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CredentialDelivery } from '@paasport/plugin-marketplace-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { createRouter } from '../router/createRouter';
import { ApplicationEntities } from '../services/tenancy/ApplicationEntities';
import { TeamApprovers } from '../services/tenancy/TeamApprovers';
import { TeamBoundary } from '../services/tenancy/TeamBoundary';
import { paasportLikeDecision, testEntities } from './catalog';
import { ScriptedProvider } from './fakes';
import { createHarness, testOfferings } from './harness';
import { declaredNamespacesModel } from './model';

export const alice = mockCredentials.user('user:default/alice');
export const bob = mockCredentials.user('user:default/bob');
export const carol = mockCredentials.user('user:default/carol');
export const dave = mockCredentials.user('user:default/dave');
export const auth = (c: typeof alice) =>
  mockCredentials.user.header(c.principal.userEntityRef);

export type AuditRecord = {
  eventId: string;
  severityLevel?: string;
  meta?: object;
  outcome?: string;
};

/**
 * The router over a real store (SQLite) and a scripted provider, with mock
 * framework services: permissions decide as Paasport's policy would, the
 * application model is the real one over the test catalog (namespaces as
 * declared), and audit events are recorded with their outcome.
 */
export async function routerTestApp(
  databases: TestDatabases,
  setup: {
    clusters?: string[];
    delivery?: CredentialDelivery;
    /** Denies reading these applications' instances, whatever the policy says. */
    denyReadOn?: string[];
    /**
     * Allows every permission, as a policy gone wrong would: what still
     * refuses is the team boundary alone.
     */
    permissive?: boolean;
  } = {},
) {
  const auditEvents: AuditRecord[] = [];
  const provider = new ScriptedProvider();
  const offerings = testOfferings(provider.id);
  offerings.push({
    id: 'kafka',
    title: 'Kafka',
    parametersSchema: {},
    plans: [
      {
        id: 'std',
        title: 'Std',
        sizeGb: 1,
        ha: true,
        requiresApproval: true,
        provider: 'operator:strimzi',
        providerOptions: {},
      },
    ],
  });
  const harness = await createHarness(
    await databases.init('SQLITE_3'),
    [provider],
    {
      offerings,
      quotas: { default: { instances: 3, totalSizeGb: 100 } },
      clusters: setup.clusters,
      delivery: setup.delivery,
    },
  );
  const decide = (
    user: string,
    permission: { name: string; attributes: { action?: string } },
    resourceRef?: string,
  ) => {
    if (setup.permissive) return AuthorizeResult.ALLOW;
    if (
      permission.name === 'marketplace.instance.read' &&
      resourceRef &&
      setup.denyReadOn?.includes(resourceRef)
    ) {
      return AuthorizeResult.DENY;
    }
    return paasportLikeDecision(user, permission, resourceRef);
  };
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => ({
        result: decide(
          (options!.credentials.principal as { userEntityRef: string })
            .userEntityRef,
          r.permission,
          'resourceRef' in r ? r.resourceRef : undefined,
        ),
      })),
  });
  const auditor = mockServices.auditor.mock({
    createEvent: async options => {
      const event: AuditRecord = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
      };
      auditEvents.push(event);
      return {
        success: async () => void (event.outcome = 'success'),
        fail: async () => void (event.outcome = 'fail'),
      };
    },
  });
  const catalog = catalogServiceMock({ entities: testEntities });
  const model = declaredNamespacesModel(testEntities, setup.clusters);
  const app = express()
    .use(
      createRouter({
        requests: harness.requests,
        bindings: harness.bindings,
        offerings: harness.offerings,
        providers: harness.registry,
        clusters: harness.clusters,
        boundary: new TeamBoundary(model, new ApplicationEntities(catalog)),
        approvers: new TeamApprovers(catalog),
        httpAuth: mockServices.httpAuth({
          pluginId: 'marketplace',
          defaultCredentials: mockCredentials.none(),
        }),
        permissions,
        auditor,
        logger: mockServices.logger.mock(),
      }),
    )
    .use(mockErrorHandler());

  const valid = {
    offeringId: 'redis',
    planId: 'small',
    name: 'cache',
    system: 'system:default/shop',
    parameters: {},
  };
  const create = (body: object, who = alice, key?: string) => {
    const r = request(app).post('/requests').set('Authorization', auth(who));
    return (key ? r.set('Idempotency-Key', key) : r).send(body);
  };
  /** Creates a request and lets the processor make it ready. */
  const ready = async (body: object = valid) => {
    const res = await create(body);
    if (res.status !== 201) throw new Error(`create failed: ${res.status}`);
    await harness.processor().runUntilIdle({ maxDurationMs: 10_000 });
    return res.body.id as string;
  };
  return { app, harness, provider, auditEvents, valid, create, ready };
}
