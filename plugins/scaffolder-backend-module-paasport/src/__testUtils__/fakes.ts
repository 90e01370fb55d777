import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import knexFactory from 'knex';
import { PaasportActionDeps } from '../actions/deps';
import { readPaasportScaffolderConfig } from '../config';
import { ClusterObjects, ObjectRef } from '../kubernetes/ClusterObjects';
import { TaskLedger } from '../ledger/TaskLedger';
import { TaskUndoer } from '../ledger/TaskUndoer';
import { ServiceAuthorizer } from '../services/ServiceAuthorizer';
import { TeamDirectory } from '../services/TeamDirectory';

/** The demo organisation, as far as the actions read it. */
export const demoEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'storefront',
      namespace: 'default',
      annotations: { 'paasport.io/namespace': 'storefront' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'payments',
      namespace: 'default',
      annotations: {
        'paasport.io/namespace': 'payments',
        'paasport.io/namespaces': 'prod=payments-prod',
      },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'admins', namespace: 'default' },
    spec: { type: 'role', children: [] },
  },
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

const key = (ref: ObjectRef) =>
  `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'Node',
]);

/**
 * In-memory stand-in for one cluster's objects, for unit tests of the
 * actions' logic; the real behaviour is covered by the integration tests.
 */
export class FakeClusterObjects {
  readonly objects = new Map<string, KubernetesObject>();
  readonly calls: string[] = [];
  failOn?: (verb: string, ref: ObjectRef) => Error | undefined;

  constructor(readonly name: string) {}

  seed(...objects: KubernetesObject[]) {
    for (const o of objects) this.objects.set(key(refOf(o)), o);
  }

  async isNamespaced(_apiVersion: string, kind: string) {
    return !CLUSTER_SCOPED.has(kind);
  }

  async read(ref: ObjectRef) {
    return this.objects.get(key(ref));
  }

  async createIfAbsent(object: KubernetesObject) {
    const ref = refOf(object);
    this.check('create', ref);
    if (this.objects.has(key(ref))) return 'exists' as const;
    this.objects.set(key(ref), object);
    this.calls.push(`create ${key(ref)}`);
    return 'created' as const;
  }

  async apply(object: KubernetesObject, options: { dryRun?: boolean }) {
    const ref = refOf(object);
    this.check('apply', ref);
    if (!options.dryRun) {
      this.objects.set(key(ref), object);
      this.calls.push(`apply ${key(ref)}`);
    }
    return object;
  }

  async delete(ref: ObjectRef) {
    this.check('delete', ref);
    this.calls.push(`delete ${key(ref)}`);
    return this.objects.delete(key(ref))
      ? ('removed' as const)
      : ('gone' as const);
  }

  private check(verb: string, ref: ObjectRef) {
    const error = this.failOn?.(verb, ref);
    if (error) throw error;
  }
}

function refOf(o: KubernetesObject): ObjectRef {
  return {
    apiVersion: o.apiVersion!,
    kind: o.kind!,
    namespace: o.metadata?.namespace,
    name: o.metadata!.name!,
  };
}

export const GITEA = 'http://gitea.test';
/** The GitHub API the test integrations point at (github.com's). */
export const GITHUB_API = 'https://api.github.com';

/**
 * Action dependencies with a real ledger (in-memory SQLite), the real team
 * directory over a mock catalog, fake clusters and a permissions mock.
 */
export async function testDeps(
  options: {
    permission?: 'allow' | 'owner' | 'deny';
    claims?: string[];
    systemAllowed?: boolean;
  } = {},
) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const ledger = await TaskLedger.create({ database: knex });
  const catalog = catalogServiceMock({ entities: demoEntities });
  const clusters = new KubernetesClusters(
    ['dev', 'prod'].map(name => ({
      name,
      url: `https://${name}.invalid`,
      auth: { type: 'bearerToken' as const, token: 't' },
      skipTLSVerify: true,
    })),
  );
  const fakes = {
    dev: new FakeClusterObjects('dev'),
    prod: new FakeClusterObjects('prod'),
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
  const userInfo = mockServices.userInfo({
    ownershipEntityRefs: options.claims ?? [
      'user:default/mock',
      'group:default/storefront',
    ],
  });
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async () => ({
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  }));
  const directory = new TeamDirectory({ catalog, clusters });
  const deps: PaasportActionDeps = {
    config: readPaasportScaffolderConfig(new ConfigReader({})),
    directory,
    catalog,
    ledger,
    authorizer: new ServiceAuthorizer({
      auth: mockServices.auth(),
      permissions,
      userInfo,
    }),
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
    objects: name => {
      directory.assertKnownClusters([name]);
      return fakes[name as 'dev' | 'prod'] as unknown as ClusterObjects;
    },
  };
  return { deps, fakes, ledger, knex, permissions, auditor, catalog };
}

/** {@link testDeps} with an undoer over the same ledger and fake clusters. */
export async function testDepsWithUndoer() {
  const t = await testDeps();
  const undoer = new TaskUndoer({
    ledger: t.ledger,
    objects: name => (t.fakes as any)[name] as ClusterObjects | undefined,
    integrations: t.deps.integrations,
    catalog: t.catalog,
    auth: mockServices.auth(),
  });
  return { ...t, undoer };
}
