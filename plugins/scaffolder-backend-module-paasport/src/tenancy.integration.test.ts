import { createMockDirectory } from '@backstage/backend-test-utils';
import { AuditEvent, readAuditEvents } from '@paasport/devcluster';
import { eventually as until } from '@paasport/plugin-paasport-node/testUtils';
import { adminObjects, eventually } from './__testUtils__/environment';
import {
  runTemplate,
  startScaffolderBackend,
  TaskRun,
} from './__testUtils__/scaffolderBackend';
import {
  objectsAsPerson,
  PLATFORM_USER,
  PORTAL_USER,
  writeTenancyCatalog,
} from './__testUtils__/tenancyKit';

// Tenancy of the scaffolder actions on the real clusters: a member of one
// team against another team's namespace, a template carrying what only the
// platform may make, and the owner's own flow, through the real scaffolder,
// catalog, permission policy and application model. Every write a template
// causes is made as the person (Kubernetes impersonation), the platform's
// own objects as the platform's ServiceAccount, and the portal's own token
// writes nothing: checked in the API servers' audit logs. "Nothing changed"
// is checked with the admin kubeconfig. Needs the clusters and the local Gitea (the test backend's
// config comes from it).
jest.setTimeout(600_000);

const run = Date.now().toString(36);
const guest = 'user:default/guest'; // storefront, in catalog/org.yaml
const person = 'paasport:user:default/guest';
const owned = `tn-${run}`; // a new team of guest's, no namespace yet
const undone = `tu-${run}`; // another, for a task that fails
const dir = createMockDirectory();
const template = `template:default/tenancy-kit-${run}`;

const log = (task: TaskRun) => task.log.map(l => l.message).join('\n');

type Admin = Awaited<ReturnType<typeof adminObjects>>;
const readOrGone = (
  admin: Admin,
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
) =>
  admin.read({ apiVersion, kind, metadata: { name, namespace } }).then(
    o => o as { metadata: { labels?: Record<string, string> }; spec?: any },
    e => {
      if (e.code === 404) return undefined;
      throw e;
    },
  );

/**
 * The audited writes made on `cluster` since `since` to objects of this run
 * (not to their status, which controllers write).
 */
function writesOfRun(cluster: string, since: Date, namespace?: string) {
  return readAuditEvents(cluster, since).filter(
    e =>
      e.stage === 'ResponseComplete' &&
      ['create', 'update', 'patch', 'delete'].includes(e.verb) &&
      !e.objectRef?.subresource &&
      (e.objectRef?.name?.includes(run) ||
        e.objectRef?.namespace?.includes(run) ||
        (namespace !== undefined && e.objectRef?.namespace === namespace)),
  );
}

const who = (e: AuditEvent) =>
  e.impersonatedUser
    ? `${e.impersonatedUser.username} (via ${e.user.username})`
    : e.user.username;

describe('scaffolder tenancy on the devcluster', () => {
  let api: Awaited<ReturnType<typeof startScaffolderBackend>>;

  beforeAll(async () => {
    const started = await startScaffolderBackend({
      memberships: {
        // The token's claims, for the permission policy; the actions read
        // membership from the catalog.
        [guest]: [
          'group:default/storefront',
          `group:default/${owned}`,
          `group:default/${undone}`,
        ],
      },
      extraLocations: [writeTenancyCatalog(dir.path, run, [owned, undone])],
    });
    api = started;
    for (const ref of [
      `template/default/tenancy-kit-${run}`,
      `group/default/${owned}`,
      `system/default/${undone}-app`,
      'system/default/payments',
    ]) {
      await eventually(async () => {
        const res = await started.get(
          guest,
          `/api/catalog/entities/by-name/${ref}`,
        );
        if (res.status !== 200) throw new Error(`${ref}: ${res.status}`);
      }, 60_000);
    }
  });

  afterAll(async () => {
    for (const context of ['dev', 'prod']) {
      const admin = await adminObjects(context);
      for (const name of [owned, undone]) {
        await admin
          .delete({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
          .catch(() => undefined);
      }
    }
    await api?.backend.stop();
  });

  it("refuses a member of storefront deploying into payments' namespace on both clusters, changes nothing there, and audits the refusal", async () => {
    const since = new Date();
    const task = await runTemplate(api, guest, template, {
      owner: 'group:default/payments',
      system: 'system:default/payments',
      clusters: ['dev', 'prod'],
      kit: 'app',
    });
    expect(task.status).toBe('failed');
    expect(log(task)).toContain(
      'user:default/guest is not a member of group:default/payments, which owns namespace payments on dev, payments on prod: only its members and portal admins may create services there',
    );
    expect(log(task)).toContain('Undo: this task recorded nothing to remove');

    for (const cluster of ['dev', 'prod']) {
      const admin = await adminObjects(cluster);
      for (const [apiVersion, kind] of [
        ['v1', 'ConfigMap'],
        ['apps/v1', 'Deployment'],
        ['v1', 'Service'],
      ]) {
        expect(
          await readOrGone(admin, apiVersion, kind, `app-${run}`, 'payments'),
        ).toBeUndefined();
      }
      // Not a single write for this run reached the API servers.
      expect(writesOfRun(cluster, since).map(who)).toEqual([]);
    }
    const refusals = api.audits.filter(
      a => a.eventId === 'team-namespace-access' && a.meta.taskId === task.id,
    );
    expect(refusals).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        meta: expect.objectContaining({
          action: 'paasport:namespace:ensure',
          actor: guest,
          team: 'group:default/payments',
          namespaces: { dev: 'payments', prod: 'payments' },
        }),
        error: expect.stringContaining(
          'is not a member of group:default/payments',
        ),
      }),
    ]);
  });

  it('refuses the same write at the API server when it is made as the member, whatever the portal checked', async () => {
    const asGuest = objectsAsPerson('dev', guest, ['group:default/storefront']);
    await expect(
      asGuest.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `direct-${run}`, namespace: 'payments' },
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    const admin = await adminObjects('dev');
    expect(
      await readOrGone(admin, 'v1', 'ConfigMap', `direct-${run}`, 'payments'),
    ).toBeUndefined();
  });

  it.each([
    [
      'evil-rolebinding',
      `RoleBinding evil-${run} (to ClusterRole admin): access in a team namespace is the platform's to grant`,
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ],
    [
      'evil-quota',
      `ResourceQuota evil-${run}: the quota and limit range of a team namespace are the platform's`,
      ['v1', 'ResourceQuota'],
    ],
    [
      'evil-networkpolicy',
      `NetworkPolicy evil-${run}: the cluster does not let user:default/guest manage NetworkPolicy objects in namespace storefront on dev (the team role paasport-team does not include them`,
      ['networking.k8s.io/v1', 'NetworkPolicy'],
    ],
    [
      'evil-namespace',
      `ConfigMap cm-namespace-${run} names namespace payments; it must be the team namespace storefront`,
      ['v1', 'ConfigMap'],
    ],
  ])(
    "refuses a storefront template carrying %s in storefront's namespace and creates nothing",
    async (kit, message, [apiVersion, kind]) => {
      const since = new Date();
      const task = await runTemplate(api, guest, template, {
        owner: 'group:default/storefront',
        system: 'system:default/shop',
        clusters: ['dev'],
        kit,
      });
      expect(task.status).toBe('failed');
      expect(log(task)).toContain(message);
      // storefront's namespace objects were there: the task made nothing.
      expect(log(task)).toContain('Undo: this task recorded nothing to remove');
      const admin = await adminObjects('dev');
      const kind2 = kit.replace('evil-', '');
      expect(
        await readOrGone(
          admin,
          'v1',
          'ConfigMap',
          `cm-${kind2}-${run}`,
          'storefront',
        ),
      ).toBeUndefined();
      expect(
        await readOrGone(admin, apiVersion, kind, `evil-${run}`, 'storefront'),
      ).toBeUndefined();
      // The team's own quota is the seeded one still.
      const quota = await readOrGone(
        admin,
        'v1',
        'ResourceQuota',
        'team-quota',
        'storefront',
      );
      expect(quota?.spec.hard.pods).toBe('60');
      // Nothing of the kit was sent to the cluster at all.
      expect(
        writesOfRun('dev', since)
          .filter(e => e.objectRef?.resource !== 'namespaces')
          .map(who),
      ).toEqual([]);
    },
  );

  it('has the API server refuse a RoleBinding to admin, a ResourceQuota and a NetworkPolicy made as a storefront member', async () => {
    const asGuest = objectsAsPerson('dev', guest, ['group:default/storefront']);
    const objects = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `direct-${run}`, namespace: 'storefront' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'admin',
        },
        subjects: [
          {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Group',
            name: 'system:authenticated',
          },
        ],
      },
      {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: `direct-${run}`, namespace: 'storefront' },
        spec: { hard: { pods: '100000' } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `direct-${run}`, namespace: 'storefront' },
        spec: { podSelector: {} },
      },
    ];
    const admin = await adminObjects('dev');
    for (const object of objects) {
      await expect(asGuest.apply(object)).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
      expect(
        await readOrGone(
          admin,
          object.apiVersion,
          object.kind,
          `direct-${run}`,
          'storefront',
        ),
      ).toBeUndefined();
    }
  });

  it("still serves the owner: namespace and its platform objects as the platform, the template's objects as the person", async () => {
    const since = new Date();
    const task = await runTemplate(api, guest, template, {
      owner: `group:default/${owned}`,
      system: `system:default/${owned}-app`,
      clusters: ['dev', 'prod'],
      kit: 'app',
    });
    expect([task.status, log(task)]).toEqual(['completed', expect.anything()]);
    for (const cluster of ['dev', 'prod']) {
      const admin = await adminObjects(cluster);
      const ns = await readOrGone(admin, 'v1', 'Namespace', owned);
      expect(ns?.metadata.labels?.['paasport.io/team']).toBe(owned);
      for (const [apiVersion, kind, name] of [
        ['v1', 'ResourceQuota', 'team-quota'],
        ['v1', 'LimitRange', 'team-defaults'],
        ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'paasport-team'],
        ['v1', 'ConfigMap', `app-${run}`],
        ['apps/v1', 'Deployment', `app-${run}`],
        ['v1', 'Service', `app-${run}`],
      ]) {
        expect([
          kind,
          !!(await readOrGone(admin, apiVersion, kind, name, owned)),
        ]).toEqual([kind, true]);
      }

      // Who the API server saw make each object.
      const byResource = await until(
        async () => {
          const writes = writesOfRun(cluster, since, owned);
          const seen = new Map<string, Set<string>>();
          for (const e of writes) {
            const resource = e.objectRef!.resource!;
            if (!seen.has(resource)) seen.set(resource, new Set());
            seen.get(resource)!.add(who(e));
          }
          if (
            !['configmaps', 'deployments', 'services', 'rolebindings'].every(
              r => seen.has(r),
            )
          ) {
            throw new Error(`audit log so far: ${JSON.stringify([...seen])}`);
          }
          return seen;
        },
        30_000,
        `the audit log of ${cluster}`,
      );
      for (const resource of ['configmaps', 'deployments', 'services']) {
        expect([resource, [...byResource.get(resource)!]]).toEqual([
          resource,
          [`${person} (via ${PORTAL_USER})`],
        ]);
      }
      for (const resource of [
        'namespaces',
        'resourcequotas',
        'limitranges',
        'rolebindings',
      ]) {
        expect([resource, [...byResource.get(resource)!]]).toEqual([
          resource,
          [`${PLATFORM_USER} (via ${PORTAL_USER})`],
        ]);
      }
      // The portal's own token wrote nothing.
      expect(
        writesOfRun(cluster, since, owned).filter(e => !e.impersonatedUser),
      ).toEqual([]);
      const impersonated = writesOfRun(cluster, since, owned).find(
        e => e.objectRef?.resource === 'deployments',
      )!;
      expect(impersonated.impersonatedUser?.groups).toEqual(
        expect.arrayContaining([
          `paasport:group:default/${owned}`,
          'paasport:group:default/storefront',
        ]),
      );
    }
    expect(
      api.audits
        .filter(a => a.meta.taskId === task.id)
        .map(a => `${a.eventId} ${a.outcome}`),
    ).toEqual(
      expect.arrayContaining([
        'team-namespace-access success',
        'namespace-ensure success',
        'kubernetes-apply success',
      ]),
    );
  });

  it('undoes a failed task as the person who started it, each delete by uid, and its namespace, which holds nothing foreign', async () => {
    const since = new Date();
    const task = await runTemplate(api, guest, template, {
      owner: `group:default/${undone}`,
      system: `system:default/${undone}-app`,
      clusters: ['dev'],
      kit: 'app',
      broken: true,
    });
    expect(task.status).toBe('failed');
    const text = log(task);
    // eslint-disable-next-line no-console
    console.log(
      text
        .split('\n')
        .filter(l => l.includes('Undo'))
        .join('\n'),
    );
    for (const line of [
      `Undo: Service ${undone}/app-${run} on cluster dev: removed`,
      `Undo: Deployment ${undone}/app-${run} on cluster dev: removed`,
      `Undo: ConfigMap ${undone}/app-${run} on cluster dev: removed`,
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain('0 could not be removed');
    const admin = await adminObjects('dev');
    for (const [apiVersion, kind] of [
      ['v1', 'ConfigMap'],
      ['apps/v1', 'Deployment'],
      ['v1', 'Service'],
    ]) {
      const left = await readOrGone(
        admin,
        apiVersion,
        kind,
        `app-${run}`,
        undone,
      );
      expect([kind, left]).toEqual([kind, undefined]);
    }
    // The namespace this task made goes, since nothing foreign is inside
    // (the portal may list every namespaced kind but Secrets, the person
    // their team's Secrets), and its quota, limits and team binding with it.
    expect(text).toContain(`Undo: Namespace ${undone} on cluster dev: removed`);
    for (const companion of [
      'RoleBinding paasport-team',
      'LimitRange team-defaults',
      'ResourceQuota team-quota',
    ]) {
      const [kind, name] = companion.split(' ');
      expect(text).toContain(
        `Undo: ${kind} ${undone}/${name} on cluster dev: removed with its namespace`,
      );
    }
    const namespace = await readOrGone(admin, 'v1', 'Namespace', undone);
    expect(
      namespace === undefined ||
        Boolean(
          (namespace.metadata as { deletionTimestamp?: string })
            .deletionTimestamp,
        ),
    ).toBe(true);
    const deletes = await until(
      async () => {
        const found = writesOfRun('dev', since, undone).filter(
          e => e.verb === 'delete',
        );
        if (!found.some(e => e.objectRef?.resource === 'services')) {
          throw new Error('no delete of the Service in the audit log yet');
        }
        return found;
      },
      30_000,
      'the deletes in the audit log',
    );
    const deleter = (resource: string) => [
      ...new Set(
        deletes.filter(e => e.objectRef?.resource === resource).map(who),
      ),
    ];
    for (const resource of ['configmaps', 'deployments', 'services']) {
      expect([resource, deleter(resource)]).toEqual([
        resource,
        [`${person} (via ${PORTAL_USER})`],
      ]);
    }
    // Nothing of the namespace is deleted one by one; the namespace itself
    // by the platform, if at all.
    for (const resource of ['resourcequotas', 'limitranges', 'rolebindings']) {
      expect([resource, deleter(resource)]).toEqual([resource, []]);
    }
    expect(deleter('namespaces')).toEqual([
      `${PLATFORM_USER} (via ${PORTAL_USER})`,
    ]);
  });
});
