import fs from 'node:fs';
import nodePath from 'node:path';
import YAML from 'yaml';
import { loadClientNode } from '@paasport/kubernetes-node';
import type { KubeConfig, V1PolicyRule } from '@kubernetes/client-node';
import {
  AuditEvent,
  createTeamNamespace,
  deleteNamespace,
  devclusterKubeConfig,
  readAuditEvents,
} from './testing';
import { ClusterApi, clusterApi } from './__testUtils__/clusterApi';

/*
 * "Kubernetes enforces it: act as the person." The portal's token sends a
 * person's write with impersonation headers; the cluster's RBAC
 * (deploy/clusters/person-rbac.yaml) decides it, admission keeps people to paasport:
 * groups, and the audit log names both the portal and the person.
 *
 * The portal impersonates through constrained impersonation (KEP-5284,
 * deploy/clusters/portal-rbac.yaml): whom (`impersonate:user-info` on users and groups)
 * cluster-wide, on what only in team namespaces that carry RoleBinding
 * paasport-portal-impersonation (the verbs and resources of ClusterRole
 * paasport-team), never as system:masters, a node or any ServiceAccount but
 * the platform's, and without the legacy `impersonate` right (which the API
 * server would fall back to).
 */
jest.setTimeout(60_000);

const cluster = 'dev';
const portalUser = 'system:serviceaccount:paasport-system:paasport-portal';
const guest = 'paasport:user:default/guest';
const storefront = 'paasport:group:default/storefront';
const admins = 'paasport:group:default/admins';
const mallory = { user: 'mallory', groups: ['system:masters'] };
const mark = 'paasport.io/it-impersonation';
// Test tooling that always runs from the source tree.
// eslint-disable-next-line no-restricted-syntax
// The portal's identities on a cluster: the manifests a company applies.
const rbacDir = nodePath.resolve(__dirname, '../../../deploy/clusters');
const scratch = `devcluster-it-imp-${process.pid}`;
const unbound = `devcluster-it-unbound-${process.pid}`;

let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;
let api: ClusterApi;
let portalToken: string;
let since: Date;

/** One API call with a bearer token (see clusterApi). */
const call = (
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; as?: { user: string; groups: string[] } } = {},
) => api.call(method, path, { ...options, token });

const deploymentPath = (namespace: string, name: string, dryRun = false) =>
  `/apis/apps/v1/namespaces/${namespace}/deployments/${name}${
    dryRun ? '?dryRun=All' : ''
  }`;
const annotate = (value: string | null) => ({
  metadata: { annotations: { [mark]: value } },
});

beforeAll(async () => {
  since = new Date();
  k8s = await loadClientNode();
  admin = await devclusterKubeConfig(cluster);
  api = await clusterApi(cluster);
  portalToken = api.portalToken;
});

afterAll(async () => {
  const apps = admin?.makeApiClient(k8s.AppsV1Api);
  for (const [namespace, name] of [
    ['storefront', 'shop-web'],
    ['payments', 'payments-api'],
  ]) {
    await apps
      ?.patchNamespacedDeployment(
        { namespace, name, body: annotate(null) },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      .catch(() => undefined);
  }
  for (const name of [scratch, unbound]) {
    await deleteNamespace(cluster, name).catch(() => undefined);
  }
});

describe('the portal acting as a person', () => {
  it("writes in the person's team namespace and nowhere else", async () => {
    const asGuest = { user: guest, groups: [storefront] };
    const own = await call(
      portalToken,
      'PATCH',
      deploymentPath('storefront', 'shop-web'),
      { body: annotate(since.toISOString()), as: asGuest },
    );
    expect(own.status).toBe(200);
    expect(own.body.metadata.annotations[mark]).toBe(since.toISOString());

    // payments is not the person's team's namespace.
    const other = await call(
      portalToken,
      'PATCH',
      deploymentPath('payments', 'payments-api'),
      { body: annotate('no'), as: asGuest },
    );
    expect(other.status).toBe(403);
    expect(other.body.message).toContain(`"${guest}" cannot patch`);
  });

  it('refuses a person with system:masters before anything else runs', async () => {
    // Constrained impersonation never impersonates system:masters, whatever
    // RBAC says; with the legacy `impersonate` right this reached admission
    // (paasport-person-guardrails), which refused it only for writes.
    const masters = await call(
      portalToken,
      'PATCH',
      deploymentPath('payments', 'payments-api', true),
      {
        body: annotate('masters'),
        as: { user: guest, groups: [storefront, 'system:masters'] },
      },
    );
    expect(masters.status).toBe(403);
    expect(masters.body.message).toContain(
      'impersonating the system:masters group is not allowed',
    );
  });

  it('refuses a person with a group outside paasport:, on writes (admission, the second layer)', async () => {
    // Any other group can be impersonated (RBAC has no prefixes), and the
    // team's own RBAC allows this patch; the guardrail policy refuses it.
    // kubeadm binds this group to cluster-admin on the clusters it makes.
    const foreign = await call(
      portalToken,
      'PATCH',
      deploymentPath('storefront', 'shop-web', true),
      {
        body: annotate('foreign'),
        as: { user: guest, groups: [storefront, 'kubeadm:cluster-admins'] },
      },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toContain('paasport-person-guardrails');
    expect(foreign.body.message).toContain('not kubeadm:cluster-admins');
  });

  it('lets admins write in team namespaces but not in system namespaces', async () => {
    const asAdmin = { user: 'paasport:user:default/ada', groups: [admins] };
    const team = await call(
      portalToken,
      'PATCH',
      deploymentPath('payments', 'payments-api', true),
      { body: annotate('admin'), as: asAdmin },
    );
    expect(team.status).toBe(200);
    const system = await call(
      portalToken,
      'POST',
      '/api/v1/namespaces/kube-system/configmaps?dryRun=All',
      {
        body: { metadata: { name: 'x' } },
        as: asAdmin,
      },
    );
    // The portal may act for nobody there (no RoleBinding
    // paasport-portal-impersonation), before RBAC or admission
    // (paasport-person-guardrails, the second layer) are asked.
    expect(system.status).toBe(403);
    expect(system.body.message).toContain(
      'cannot impersonate-on:user-info:create resource "configmaps" in API group "" in the namespace "kube-system"',
    );
  });

  // Reads what the first test wrote.
  it('names the portal and the person in the audit log', async () => {
    const deadline = Date.now() + 15_000;
    let events = readAuditEvents(cluster, since);
    const patched = () =>
      events.find(
        e =>
          e.verb === 'patch' &&
          e.objectRef?.resource === 'deployments' &&
          e.objectRef.namespace === 'storefront' &&
          e.objectRef.name === 'shop-web' &&
          e.impersonatedUser?.username === guest &&
          e.responseStatus?.code === 200,
      );
    while (!patched() && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      events = readAuditEvents(cluster, since);
    }
    const event = patched() as
      | (AuditEvent & {
          authenticationMetadata?: { impersonationConstraint?: string };
        })
      | undefined;
    expect(event?.user.username).toBe(portalUser);
    expect(event?.impersonatedUser?.groups).toContain(storefront);
    // Allowed by constrained impersonation, not the legacy right.
    expect(event?.authenticationMetadata?.impersonationConstraint).toBe(
      'impersonate:user-info',
    );
    // Refusals are recorded too.
    expect(
      events.some(
        e =>
          e.objectRef?.namespace === 'payments' &&
          e.impersonatedUser?.username === guest &&
          e.responseStatus?.code === 403,
      ),
    ).toBe(true);
    // Reads are not (the policy keeps the file small).
    expect(events.every(e => !['get', 'list', 'watch'].includes(e.verb))).toBe(
      true,
    );
  });

  it('refuses impersonation to a token without the right to it', async () => {
    const core = admin.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: scratch } } });
    await core.createNamespacedServiceAccount({
      namespace: scratch,
      body: { metadata: { name: 'nobody' } },
    });
    const { status } = await core.createNamespacedServiceAccountToken({
      namespace: scratch,
      name: 'nobody',
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const token = status!.token;

    // The token is good (an unknown one would be 401) ...
    const self = await call(
      token,
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      {
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'SelfSubjectReview',
        },
      },
    );
    expect(self.status).toBe(201);
    // ... but may not act as anyone.
    const refused = await call(
      token,
      'PATCH',
      deploymentPath('storefront', 'shop-web', true),
      { body: annotate('nobody'), as: { user: guest, groups: [storefront] } },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('cannot impersonate');
  });
});

describe('what the portal may impersonate (constrained impersonation)', () => {
  it('never acts as system:masters: no Secret list and no write, even where it may act for people', async () => {
    // In kube-system the portal may act for nobody at all (see "team
    // namespaces only"); in a team namespace the API server refuses the
    // group itself, whatever RBAC says.
    const system = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/kube-system/secrets',
      { as: mallory },
    );
    expect(system.status).toBe(403);
    const secrets = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/payments/secrets',
      { as: mallory },
    );
    expect(secrets.status).toBe(403);
    expect(secrets.body.message).toContain(
      'impersonating the system:masters group is not allowed',
    );
    const write = await call(
      portalToken,
      'POST',
      '/api/v1/namespaces/payments/configmaps?dryRun=All',
      { body: { metadata: { name: 'mallory' } }, as: mallory },
    );
    expect(write.status).toBe(403);
    expect(write.body.message).toContain(
      'impersonating the system:masters group is not allowed',
    );
    // Nor as a person with that group, reading in their own namespace.
    const own = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/storefront/secrets',
      { as: { user: guest, groups: [storefront, 'system:masters'] } },
    );
    expect(own.status).toBe(403);
  });

  it('acts for a person only on what paasport-team covers', async () => {
    const asGuest = { user: guest, groups: [storefront] };
    const cannot = (verb: string, resource: string) =>
      `cannot impersonate-on:user-info:${verb} resource "${resource}"`;

    const nodes = await call(portalToken, 'GET', '/api/v1/nodes', {
      as: asGuest,
    });
    expect(nodes.status).toBe(403);
    expect(nodes.body.message).toContain(cannot('list', 'nodes'));

    // Even an admin, whose own RBAC (the built-in admin role) would allow more.
    const clusterRole = await call(
      portalToken,
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles?dryRun=All',
      {
        body: { metadata: { name: 'paasport-it-escalate' }, rules: [] },
        as: { user: 'paasport:user:default/ada', groups: [admins] },
      },
    );
    expect(clusterRole.status).toBe(403);
    expect(clusterRole.body.message).toContain(
      cannot('create', 'clusterroles'),
    );

    const pod = (
      await admin
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'storefront', limit: 1 })
    ).items[0].metadata!.name!;
    // A terminal (pods/exec) is a team's (exec.integration.test.ts); attaching
    // to a container's main process is not.
    const attach = await call(
      portalToken,
      'POST',
      `/api/v1/namespaces/storefront/pods/${pod}/attach?stdout=true`,
      { as: asGuest },
    );
    expect(attach.status).toBe(403);
    expect(attach.body.message).toContain(cannot('create', 'pods/attach'));

    // What a person does through the portal still works: logs, rollback reads.
    const log = await call(
      portalToken,
      'GET',
      `/api/v1/namespaces/storefront/pods/${pod}/log?tailLines=1`,
      { as: asGuest },
    );
    expect(log.status).toBe(200);
    for (const resource of ['replicasets', 'controllerrevisions']) {
      const list = await call(
        portalToken,
        'GET',
        `/apis/apps/v1/namespaces/storefront/${resource}`,
        { as: asGuest },
      );
      expect([resource, list.status]).toEqual([resource, 200]);
    }
  });

  it('impersonates neither ServiceAccounts nor nodes', async () => {
    const sa = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/kube-system/pods',
      { as: { user: 'system:serviceaccount:kube-system:default', groups: [] } },
    );
    expect(sa.status).toBe(403);
    expect(sa.body.message).toContain('impersonate-on:serviceaccount:list');
    const node = await call(portalToken, 'GET', '/api/v1/nodes', {
      as: { user: 'system:node:dev-worker-1', groups: [] },
    });
    expect(node.status).toBe(403);
  });

  it('has no legacy impersonate right left (the API server falls back to it)', async () => {
    const authz = admin.makeApiClient(k8s.AuthorizationV1Api);
    const may = async (
      verb: string,
      group: string,
      resource: string,
      where: { namespace?: string; name: string } = { name: 'mallory' },
    ) => {
      const review = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user: portalUser,
            groups: [
              'system:serviceaccounts',
              'system:serviceaccounts:paasport-system',
              'system:authenticated',
            ],
            resourceAttributes: { verb, group, resource, ...where },
          },
        },
      });
      const at = where.namespace ? ` ${where.namespace}/${where.name}` : '';
      return `${verb} ${resource}.${group}${at}: ${review.status?.allowed}`;
    };
    const account = (namespace: string, name: string) => ({ namespace, name });
    expect(
      await Promise.all([
        may('impersonate', '', 'users'),
        may('impersonate', '', 'groups'),
        may('impersonate', '', 'serviceaccounts'),
        may('impersonate', 'authentication.k8s.io', 'uids'),
        may('impersonate', 'authentication.k8s.io', 'userextras'),
        may('impersonate:user-info', 'authentication.k8s.io', 'users'),
        may('impersonate:user-info', 'authentication.k8s.io', 'groups'),
        may('impersonate:user-info', 'authentication.k8s.io', 'uids'),
        may('impersonate:user-info', 'authentication.k8s.io', 'userextras'),
        may('impersonate:serviceaccount', '', 'serviceaccounts'),
        // Exactly one account: the platform's, in paasport-system.
        may(
          'impersonate:serviceaccount',
          'authentication.k8s.io',
          'serviceaccounts',
          account('paasport-system', 'paasport-platform'),
        ),
        may(
          'impersonate:serviceaccount',
          'authentication.k8s.io',
          'serviceaccounts',
          account('storefront', 'paasport-platform'),
        ),
        may(
          'impersonate:serviceaccount',
          'authentication.k8s.io',
          'serviceaccounts',
          account('kube-system', 'default'),
        ),
        may('impersonate:arbitrary-node', 'authentication.k8s.io', 'nodes'),
      ]),
    ).toEqual([
      'impersonate users.: false',
      'impersonate groups.: false',
      'impersonate serviceaccounts.: false',
      'impersonate uids.authentication.k8s.io: false',
      'impersonate userextras.authentication.k8s.io: false',
      'impersonate:user-info users.authentication.k8s.io: true',
      'impersonate:user-info groups.authentication.k8s.io: true',
      'impersonate:user-info uids.authentication.k8s.io: false',
      'impersonate:user-info userextras.authentication.k8s.io: false',
      'impersonate:serviceaccount serviceaccounts.: false',
      'impersonate:serviceaccount serviceaccounts.authentication.k8s.io paasport-system/paasport-platform: true',
      'impersonate:serviceaccount serviceaccounts.authentication.k8s.io storefront/paasport-platform: false',
      'impersonate:serviceaccount serviceaccounts.authentication.k8s.io kube-system/default: false',
      'impersonate:arbitrary-node nodes.authentication.k8s.io: false',
    ]);
  });

  it('mirrors ClusterRole paasport-team rule by rule, in the seed and on the cluster', async () => {
    const clusterRole = (file: string, name: string) =>
      YAML.parseAllDocuments(
        fs.readFileSync(nodePath.join(rbacDir, file), 'utf8'),
      )
        .map(doc => doc.toJS())
        .find(o => o?.kind === 'ClusterRole' && o.metadata.name === name);
    const normal = (rules: V1PolicyRule[]) =>
      rules.map(r => ({
        apiGroups: r.apiGroups,
        resources: r.resources,
        verbs: r.verbs,
        ...(r.resourceNames && { resourceNames: r.resourceNames }),
      }));
    const team: V1PolicyRule[] = clusterRole(
      'person-rbac.yaml',
      'paasport-team',
    ).rules;
    const seeded: V1PolicyRule[] = clusterRole(
      'portal-rbac.yaml',
      'paasport-portal-impersonation',
    ).rules;

    expect(normal(seeded)).toEqual(
      normal(
        team.map(r => ({
          ...r,
          verbs: r.verbs.map(v => `impersonate-on:user-info:${v}`),
        })),
      ),
    );
    const live = await admin
      .makeApiClient(k8s.RbacAuthorizationV1Api)
      .readClusterRole({ name: 'paasport-portal-impersonation' });
    expect(normal(live.rules ?? [])).toEqual(normal(seeded));
    // Whom is cluster-wide (users and groups have no namespace), in the
    // portal's own role.
    const portal: V1PolicyRule[] = clusterRole(
      'portal-rbac.yaml',
      'paasport-portal',
    ).rules;
    expect(normal(portal)).toContainEqual({
      apiGroups: ['authentication.k8s.io'],
      resources: ['users', 'groups'],
      verbs: ['impersonate:user-info'],
    });
  });
});

describe('where the portal may act for a person: team namespaces only', () => {
  const team = `it-unbound-${process.pid}`;
  const member = { user: guest, groups: [`paasport:group:default/${team}`] };
  const configMap = (namespace: string) =>
    `/api/v1/namespaces/${namespace}/configmaps?dryRun=All`;

  beforeAll(async () => {
    // Labelled, and the team bound to its role, but without RoleBinding
    // paasport-portal-impersonation: as a namespace Paasport did not make.
    const core = admin.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({
      body: {
        metadata: { name: unbound, labels: { 'paasport.io/team': team } },
      },
    });
    await admin
      .makeApiClient(k8s.RbacAuthorizationV1Api)
      .createNamespacedRoleBinding({
        namespace: unbound,
        body: {
          metadata: { name: 'paasport-team' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'paasport-team',
          },
          subjects: [
            {
              apiGroup: 'rbac.authorization.k8s.io',
              kind: 'Group',
              name: member.groups[0],
            },
          ],
        },
      });
  });

  it("refuses a person's write in a namespace without RoleBinding paasport-portal-impersonation, and allows it once the platform's binding is there", async () => {
    const refused = await call(portalToken, 'POST', configMap(unbound), {
      body: { metadata: { name: 'x' } },
      as: member,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain(
      `cannot impersonate-on:user-info:create resource "configmaps" in API group "" in the namespace "${unbound}"`,
    );

    // What the namespace action adds (createTeamNamespace: the same objects).
    await createTeamNamespace(cluster, { name: unbound, team });
    const deadline = Date.now() + 10_000; // RBAC's informer, a moment
    let allowed = refused;
    while (allowed.status !== 201 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 200));
      allowed = await call(portalToken, 'POST', configMap(unbound), {
        body: { metadata: { name: 'x' } },
        as: member,
      });
    }
    expect(allowed.status).toBe(201);
  });

  it('reaches nothing in the system namespaces as anyone, an admin included', async () => {
    const asAdmin = { user: 'paasport:user:default/ada', groups: [admins] };
    for (const as of [
      asAdmin,
      // The bootstrap role of this user reads and writes every Secret; with
      // cluster-wide impersonation the portal's token could read them all.
      { user: 'system:kube-controller-manager', groups: [] },
    ]) {
      const secrets = await call(
        portalToken,
        'GET',
        '/api/v1/namespaces/kube-system/secrets',
        { as },
      );
      expect([as.user, secrets.status]).toEqual([as.user, 403]);
      expect(secrets.body.message).toContain(
        'cannot impersonate-on:user-info:list resource "secrets" in API group "" in the namespace "kube-system"',
      );
    }
    const own = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/paasport-system/secrets/paasport-portal-token',
      { as: asAdmin },
    );
    expect(own.status).toBe(403);
    // In a team namespace the admin's own RBAC decides (and allows).
    const inTeam = await call(
      portalToken,
      'GET',
      '/api/v1/namespaces/payments/secrets',
      { as: asAdmin },
    );
    expect(inTeam.status).toBe(200);
  });
});
