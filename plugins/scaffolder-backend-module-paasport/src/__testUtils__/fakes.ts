import { mockServices } from '@backstage/backend-test-utils';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KubernetesClusters,
  NAMESPACE_ANNOTATION,
  NAMESPACES_ANNOTATION,
  teamNamespacesOn,
} from '@paasport/kubernetes-node';
import {
  TEST_ORG_LOCATION,
  teamGroup,
  testApplicationModel,
} from '@paasport/kubernetes-node/testUtils';
import knexFactory from 'knex';
import { PaasportActionDeps } from '../actions/deps';
import { readPaasportScaffolderConfig } from '../config';
import { TaskLedger } from '../ledger/TaskLedger';
import { TaskUndoer } from '../ledger/TaskUndoer';
import { ServiceAuthorizer } from '../services/ServiceAuthorizer';
import { TeamPlacements, TenancyModel } from '../services/TeamPlacements';
import { FakeCluster, FakeClusterAccess } from './fakeClusters';

export { FakeCluster } from './fakeClusters';

const origin = {
  [ANNOTATION_LOCATION]: TEST_ORG_LOCATION,
  [ANNOTATION_ORIGIN_LOCATION]: TEST_ORG_LOCATION,
};

/**
 * The demo organisation, as far as the actions read it: the mock user
 * (`user:default/mock`, whom createMockActionContext starts tasks as) is in
 * `memberOf`.
 */
export function demoEntities(memberOf: string[] = ['storefront']): Entity[] {
  const members = (team: string, others: string[]) =>
    memberOf.includes(team) ? [...others, 'mock'] : others;
  return [
    teamGroup('storefront', 'storefront', members('storefront', ['alice'])),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'payments',
        namespace: 'default',
        annotations: {
          ...origin,
          [NAMESPACE_ANNOTATION]: 'payments',
          [NAMESPACES_ANNOTATION]: 'prod=payments-prod',
        },
      },
      spec: {
        type: 'team',
        children: [],
        members: members('payments', ['bob']),
      },
    },
    teamGroup('admins', undefined, members('admins', ['carol'])),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { owner: 'group:default/storefront' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop-api', namespace: 'default' },
      spec: {
        type: 'service',
        owner: 'group:default/storefront',
        system: 'shop',
        lifecycle: 'production',
      },
    },
  ];
}

export const GITEA = 'http://gitea.test';
/** The GitHub API the test integrations point at (github.com's). */
export const GITHUB_API = 'https://api.github.com';

/**
 * Action dependencies with a real ledger (in-memory SQLite), the real
 * application model over a mock catalog (its view of the clusters' namespace
 * labels read from the fakes), fake clusters and a permissions mock. The
 * team namespaces storefront exist on both clusters unless
 * `seedNamespaces` is false.
 */
export async function testDeps(
  options: {
    permission?: 'allow' | 'owner' | 'deny';
    /** Teams the mock user belongs to; default storefront. */
    memberOf?: string[];
    systemAllowed?: boolean;
    seedNamespaces?: boolean;
  } = {},
) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const ledger = await TaskLedger.create({ database: knex });
  const entities = demoEntities(options.memberOf);
  const catalog = catalogServiceMock({ entities });
  const fakes = { dev: new FakeCluster('dev'), prod: new FakeCluster('prod') };
  if (options.seedNamespaces !== false) {
    fakes.dev.seedTeamNamespace('storefront', 'storefront');
    fakes.prod.seedTeamNamespace('storefront', 'storefront');
  }
  const access = new FakeClusterAccess(fakes);
  const real = testApplicationModel({
    entities,
    // Never called: the fakes stand in for the clusters.
    clusters: new KubernetesClusters([]),
  });
  const model: TenancyModel = {
    listTeams: () => real.listTeams(),
    team: ref => real.team(ref),
    person: ref => real.person(ref),
    namespacesOf: async team =>
      teamNamespacesOn(team, {
        teams: await real.listTeams(),
        clusters: access.names(),
        labels: async cluster => fakes[cluster as 'dev' | 'prod'].teamLabels(),
      }),
  };
  const permissions = mockServices.permissions.mock();
  const decision = options.permission ?? 'owner';
  permissions.authorizeConditional.mockResolvedValue([
    decision === 'owner'
      ? ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {},
          },
        } as any)
      : {
          result:
            decision === 'allow' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        },
  ]);
  permissions.authorize.mockResolvedValue([
    {
      result:
        options.systemAllowed === false
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    },
  ]);
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async () => ({
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  }));
  const deps: PaasportActionDeps = {
    config: readPaasportScaffolderConfig(new ConfigReader({})),
    catalog,
    ledger,
    authorizer: new ServiceAuthorizer({ permissions }),
    integrations: ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          gitea: [
            {
              host: 'gitea.test',
              baseUrl: GITEA,
              username: 'u',
              password: 'p',
            },
          ],
          github: [{ host: 'github.com', token: 'ghp_test' }],
        },
      }),
    ),
    auditor,
    model,
    placements: new TeamPlacements({ model, access }),
    access,
  };
  return { deps, fakes, ledger, knex, permissions, auditor, catalog, model };
}

/** {@link testDeps} with an undoer over the same ledger and fake clusters. */
export async function testDepsWithUndoer(
  options: Parameters<typeof testDeps>[0] = {},
) {
  const t = await testDeps(options);
  const undoer = new TaskUndoer({
    ledger: t.ledger,
    access: t.deps.access,
    model: t.model,
    integrations: t.deps.integrations,
    catalog: t.catalog,
    auth: mockServices.auth(),
  });
  return { ...t, undoer };
}
