import { buildEntities } from './buildEntities';
import { DiscoveryCatalogContext, Workload } from './types';

const context = (
  overrides: Partial<DiscoveryCatalogContext> = {},
): DiscoveryCatalogContext => ({
  teams: [
    {
      ref: 'group:default/payments',
      namespaces: { default: 'payments', byCluster: {} },
    },
    {
      ref: 'group:default/storefront',
      namespaces: {
        default: 'storefront',
        byCluster: { dev: 'storefront-dev' },
      },
    },
  ],
  declaredComponents: new Set(),
  declaredKubernetesIds: new Set(),
  declaredSystems: new Set(),
  ...overrides,
});

const workload = (overrides: Partial<Workload>): Workload => ({
  cluster: 'dev',
  namespace: 'payments',
  kind: 'Deployment',
  name: 'payments-api',
  app: 'payments-api',
  ...overrides,
});

const ledgerDb = (cluster: string) =>
  workload({
    cluster,
    kind: 'StatefulSet',
    name: 'payments-ledger-db',
    app: 'payments-ledger-db',
    partOf: 'payments',
    team: 'payments',
    kubernetesId: 'payments-ledger-db',
  });

describe('buildEntities', () => {
  it('builds one Component per app across clusters, with its sources', () => {
    const { entities, notes } = buildEntities(
      [ledgerDb('prod'), ledgerDb('dev')],
      context({ declaredSystems: new Set(['payments']) }),
    );
    expect(notes).toEqual([]);
    expect(entities).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments-ledger-db',
          namespace: 'default',
          description: 'Discovered in Kubernetes: 2 workload(s)',
          annotations: {
            'backstage.io/managed-by-location':
              'paasport-discovery:dev/payments/StatefulSet/payments-ledger-db',
            'backstage.io/managed-by-origin-location':
              'paasport-discovery:dev/payments/StatefulSet/payments-ledger-db',
            'backstage.io/kubernetes-id': 'payments-ledger-db',
            'backstage.io/kubernetes-namespace': 'payments',
            'paasport.io/discovered-from':
              'dev/payments/StatefulSet/payments-ledger-db,prod/payments/StatefulSet/payments-ledger-db',
          },
        },
        spec: {
          type: 'service',
          lifecycle: 'production',
          owner: 'group:default/payments',
          system: 'payments',
        },
      },
    ]);
  });

  it('emits a System nobody declared, owned like its first Component', () => {
    const { entities } = buildEntities(
      [
        workload({
          app: 'b-svc',
          name: 'b',
          partOf: 'newapp',
          team: 'storefront',
        }),
        workload({
          app: 'a-svc',
          name: 'a',
          partOf: 'newapp',
          team: 'payments',
        }),
      ],
      context(),
    );
    expect(entities.map(e => `${e.kind}:${e.metadata.name}`)).toEqual([
      'Component:a-svc',
      'Component:b-svc',
      'System:newapp',
    ]);
    expect(entities[2]).toMatchObject({
      spec: { owner: 'group:default/payments' },
      metadata: {
        annotations: {
          'backstage.io/managed-by-location':
            'paasport-discovery:system/newapp',
        },
      },
    });
  });

  it('skips workloads declared in catalog files, by name or kubernetes-id', () => {
    const result = buildEntities(
      [
        workload({ app: 'Shop-Web' }),
        workload({ app: 'ledger', kubernetesId: 'payments-ledger' }),
        workload({ app: 'other' }),
      ],
      context({
        declaredComponents: new Set(['shop-web']),
        declaredKubernetesIds: new Set(['payments-ledger']),
      }),
    );
    expect(result.declared).toBe(2);
    expect(result.entities.map(e => e.metadata.name)).toEqual(['other']);
  });

  it('finds the owner from the namespace a team holds on the cluster, never from the workload label', () => {
    const owners = (workloads: Workload[]) =>
      buildEntities(workloads, context()).entities.map(e => e.spec?.owner);
    // The label a deployer writes does not move the service to another team.
    expect(
      owners([
        workload({ namespace: 'payments', team: 'group:finance/treasury' }),
      ]),
    ).toEqual(['group:default/payments']);
    expect(owners([workload({ namespace: 'payments' })])).toEqual([
      'group:default/payments',
    ]);
    expect(owners([workload({ namespace: 'storefront-dev' })])).toEqual([
      'group:default/storefront',
    ]);
    // On prod, storefront's namespace is the default one.
    expect(
      owners([workload({ cluster: 'prod', namespace: 'storefront' })]),
    ).toEqual(['group:default/storefront']);
    expect(
      owners([workload({ cluster: 'dev', namespace: 'storefront' })]),
    ).toEqual([]);
  });

  it('leaves out what it cannot model, with a note', () => {
    const { entities, notes } = buildEntities(
      [
        workload({ namespace: 'nobody', app: 'orphan', name: 'orphan' }),
        workload({ app: 'bad/name' }),
        workload({ app: 'ok', partOf: '-bad-' }),
      ],
      context({
        teams: [
          {
            ref: 'group:default/a',
            namespaces: { default: 'payments', byCluster: {} },
          },
          {
            ref: 'group:default/b',
            namespaces: { default: 'payments', byCluster: {} },
          },
        ],
      }),
    );
    expect(entities).toEqual([]);
    expect(notes).toEqual([
      expect.stringContaining("'bad/name' is no valid entity name"),
      expect.stringContaining('no single team owns namespace payments'),
      expect.stringContaining('no single team owns namespace nobody'),
    ]);
  });

  it('notes disagreeing labels and keeps the first workload', () => {
    const { entities, notes } = buildEntities(
      [
        workload({ cluster: 'prod', partOf: 'b', team: 'payments' }),
        workload({ cluster: 'dev', partOf: 'a', team: 'payments' }),
      ],
      context({ declaredSystems: new Set(['a', 'b']) }),
    );
    expect(entities[0].spec?.system).toBe('a');
    expect(notes).toEqual([
      'payments-api: workloads disagree on partOf (a, b); using a',
    ]);
  });

  it('adds a label selector when the workload has no kubernetes-id label', () => {
    const [entity] = buildEntities([workload({})], context()).entities;
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'payments-api',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/name=payments-api',
    });
  });

  it('takes type and lifecycle from the workload annotations, and notes a malformed or disagreeing one', () => {
    const annotated = buildEntities(
      [
        workload({ componentType: 'website', lifecycle: 'experimental' }),
        workload({ cluster: 'prod', lifecycle: 'production' }),
      ],
      context(),
    );
    expect(annotated.entities[0].spec).toMatchObject({
      type: 'website',
      lifecycle: 'experimental',
    });
    expect(annotated.notes).toEqual([
      'payments-api: workloads disagree on lifecycle (experimental, production); using experimental',
    ]);

    const malformed = buildEntities(
      [workload({ componentType: 'Web Site', lifecycle: 'x'.repeat(64) })],
      context(),
    );
    expect(malformed.entities[0].spec).toMatchObject({
      type: 'service',
      lifecycle: 'production',
    });
    expect(malformed.notes).toEqual([
      "dev/payments/Deployment/payments-api: paasport.io/component-type 'Web Site' is no valid value (lower-case letters and digits, separated by '-', '_' or '.'); using service",
      `dev/payments/Deployment/payments-api: paasport.io/lifecycle '${'x'.repeat(
        64,
      )}' is no valid value (lower-case letters and digits, separated by '-', '_' or '.'); using production`,
    ]);
  });
});
