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
import { Answer, ClusterApi, clusterApi } from './__testUtils__/clusterApi';

/*
 * The three identities (README "Three identities"): the portal's own token
 * only reads; the platform's objects in a team namespace are written as
 * ServiceAccount paasport-system/paasport-platform, which the portal
 * impersonates (deploy/clusters/platform-rbac.yaml); everything else as the person.
 * "The portal's own ServiceAccount token is refused on any write in a team
 * namespace."
 */
jest.setTimeout(60_000);

const cluster = 'dev';
const portalUser = 'system:serviceaccount:paasport-system:paasport-portal';
const platformUser = 'system:serviceaccount:paasport-system:paasport-platform';
const asPlatform = { user: platformUser };
const team = `it-platform-${process.pid}`;
const namespace = `devcluster-it-platform-${process.pid}`;
/** Not a team's: no paasport.io/team label. */
const unlabelled = `devcluster-it-unlabelled-${process.pid}`;
// Test tooling that always runs from the source tree.
// eslint-disable-next-line no-restricted-syntax
// The portal's identities on a cluster: the manifests a company applies.
const rbacDir = nodePath.resolve(__dirname, '../../../deploy/clusters');

let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;
let api: ClusterApi;
let since: Date;

const core = (ns: string, resource: string, name = '') =>
  `/api/v1/namespaces/${ns}/${resource}${name && `/${name}`}`;
const apps = (ns: string, name = '') =>
  `/apis/apps/v1/namespaces/${ns}/deployments${name && `/${name}`}`;
const rbac = (ns: string) =>
  `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`;

const deployment = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { 'app.kubernetes.io/name': name } },
  spec: {
    replicas: 0,
    selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': name } },
      spec: {
        containers: [{ name: 'app', image: 'registry.paasport.dev/it:1' }],
      },
    },
  },
});
const quota = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name },
  spec: { hard: { pods: '5' } },
});
const roleBinding = (
  name: string,
  role: string,
  subject: Record<string, string>,
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: role,
  },
  subjects: [subject],
});
const teamGroup = {
  apiGroup: 'rbac.authorization.k8s.io',
  kind: 'Group',
  name: `paasport:group:default/${team}`,
};

/** `<status> <message>` for a compact expectation per request. */
const outcome = (answer: Answer) =>
  `${answer.status} ${answer.body?.message ?? ''}`;

beforeAll(async () => {
  since = new Date();
  k8s = await loadClientNode();
  admin = await devclusterKubeConfig(cluster);
  api = await clusterApi(cluster);
  await createTeamNamespace(cluster, { name: namespace, team });
  await admin
    .makeApiClient(k8s.CoreV1Api)
    .createNamespace({ body: { metadata: { name: unlabelled } } });
  // Something to patch and delete.
  await admin
    .makeApiClient(k8s.AppsV1Api)
    .createNamespacedDeployment({ namespace, body: deployment('web') });
  await admin.makeApiClient(k8s.CoreV1Api).createNamespacedService({
    namespace,
    body: {
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }], selector: { app: 'web' } },
    },
  });
});

afterAll(async () => {
  for (const name of [namespace, unlabelled]) {
    await deleteNamespace(cluster, name).catch(() => undefined);
  }
});

describe("the portal's own token", () => {
  it('is refused on every write in a team namespace, and nothing changes', async () => {
    const writes: Array<[string, string, string, unknown]> = [
      [
        'create ConfigMap',
        'POST',
        core(namespace, 'configmaps'),
        { metadata: { name: 'x' } },
      ],
      [
        'create Secret',
        'POST',
        core(namespace, 'secrets'),
        { metadata: { name: 'x' }, stringData: { a: 'b' } },
      ],
      ['create Deployment', 'POST', apps(namespace), deployment('x')],
      [
        'create RoleBinding',
        'POST',
        rbac(namespace),
        roleBinding('x', 'paasport-team', teamGroup),
      ],
      [
        'create ResourceQuota',
        'POST',
        core(namespace, 'resourcequotas'),
        quota('x'),
      ],
      [
        'patch Deployment',
        'PATCH',
        apps(namespace, 'web'),
        { metadata: { labels: { x: 'y' } } },
      ],
      [
        'delete Service',
        'DELETE',
        core(namespace, 'services', 'web'),
        undefined,
      ],
    ];
    for (const [what, method, path, body] of writes) {
      const answer = await api.call(method, path, { body });
      expect([what, answer.status]).toEqual([what, 403]);
      expect(answer.body.message).toContain(`User "${portalUser}" cannot`);
    }

    const adminCore = admin.makeApiClient(k8s.CoreV1Api);
    const live = await admin
      .makeApiClient(k8s.AppsV1Api)
      .readNamespacedDeployment({ namespace, name: 'web' });
    expect(live.metadata?.labels?.x).toBeUndefined();
    await expect(
      adminCore.readNamespacedService({ namespace, name: 'web' }),
    ).resolves.toBeTruthy();
    const configMaps = await adminCore.listNamespacedConfigMap({ namespace });
    expect(configMaps.items.map(c => c.metadata?.name)).toEqual([
      'kube-root-ca.crt',
    ]);
  });

  it('is refused on cluster-scoped writes', async () => {
    const ns = await api.call('POST', '/api/v1/namespaces', {
      body: {
        metadata: { name: 'x-portal', labels: { 'paasport.io/team': team } },
      },
    });
    expect(outcome(ns)).toContain(
      `User "${portalUser}" cannot create resource "namespaces"`,
    );
    const crb = await api.call(
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      {
        body: {
          metadata: { name: 'x-portal' },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: 'tekton-triggers-eventlistener-clusterroles',
          },
          subjects: [{ kind: 'ServiceAccount', name: 'x', namespace }],
        },
      },
    );
    expect(outcome(crb)).toContain(
      `User "${portalUser}" cannot create resource "clusterrolebindings"`,
    );
  });

  it('only reads (get, list, watch; no Secrets, no pod logs) and impersonates', async () => {
    const role = await admin
      .makeApiClient(k8s.RbacAuthorizationV1Api)
      .readClusterRole({ name: 'paasport-portal' });
    const verbs = new Set((role.rules ?? []).flatMap(r => r.verbs));
    expect(
      [...verbs].filter(
        v =>
          !['get', 'list', 'watch'].includes(v) && !v.startsWith('impersonate'),
      ),
    ).toEqual([]);
    const resources = (role.rules ?? []).flatMap(r => r.resources ?? []);
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('pods/log');

    const secrets = await api.call('GET', core('storefront', 'secrets'));
    expect(secrets.status).toBe(403);
    const pods = await api.call('GET', core('storefront', 'pods'));
    expect(pods.status).toBe(200);
  });
});

describe('the portal acting as the platform (paasport-system/paasport-platform)', () => {
  it("makes the platform's objects in a labelled team namespace", async () => {
    const made = await api.call('POST', core(namespace, 'resourcequotas'), {
      body: quota('team-quota'),
      as: asPlatform,
    });
    expect(outcome(made)).toBe('201 ');
    const binding = await api.call('POST', rbac(namespace), {
      body: roleBinding('it-team', 'paasport-team', teamGroup),
      as: asPlatform,
    });
    expect(outcome(binding)).toBe('201 ');
    const portal = await api.call('POST', rbac(namespace), {
      body: roleBinding('it-portal', 'paasport-portal-impersonation', {
        kind: 'ServiceAccount',
        name: 'paasport-portal',
        namespace: 'paasport-system',
      }),
      as: asPlatform,
    });
    expect(outcome(portal)).toBe('201 ');
    // A namespace: only labelled, and it keeps its team.
    const created = await api.call('POST', '/api/v1/namespaces?dryRun=All', {
      body: {
        metadata: {
          name: `${namespace}-x`,
          labels: { 'paasport.io/team': team },
        },
      },
      as: asPlatform,
    });
    expect(outcome(created)).toBe('201 ');
  });

  it('may not make anything else, nor grant any other role or subject', async () => {
    const refusals: Array<[string, string, string, unknown, string]> = [
      [
        'Secret',
        'POST',
        core(namespace, 'secrets'),
        { metadata: { name: 'x' } },
        'cannot impersonate-on:serviceaccount:create resource "secrets"',
      ],
      [
        'ConfigMap',
        'POST',
        core(namespace, 'configmaps'),
        { metadata: { name: 'x' } },
        'cannot impersonate-on:serviceaccount:create resource "configmaps"',
      ],
      [
        'Deployment',
        'POST',
        apps(namespace),
        deployment('x'),
        'cannot impersonate-on:serviceaccount:create resource "deployments"',
      ],
      [
        'patch Deployment',
        'PATCH',
        apps(namespace, 'web'),
        { metadata: { labels: { x: 'y' } } },
        'cannot impersonate-on:serviceaccount:patch resource "deployments"',
      ],
      // RBAC's escalation check: no `bind` on admin, and it holds none of it.
      [
        'RoleBinding to admin',
        'POST',
        rbac(namespace),
        roleBinding('x', 'admin', teamGroup),
        'is attempting to grant RBAC permissions not currently held',
      ],
      [
        'paasport-team to a group outside paasport:',
        'POST',
        rbac(namespace),
        roleBinding('x', 'paasport-team', {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: 'system:authenticated',
        }),
        'paasport-platform-guardrails',
      ],
      [
        "paasport-team to another namespace's account",
        'POST',
        rbac(namespace),
        roleBinding('x', 'paasport-team', {
          kind: 'ServiceAccount',
          name: 'default',
          namespace: 'payments',
        }),
        'paasport-platform-guardrails',
      ],
      [
        "the portal's role to someone else",
        'POST',
        rbac(namespace),
        roleBinding('x', 'paasport-portal-impersonation', {
          kind: 'ServiceAccount',
          name: 'default',
          namespace,
        }),
        'paasport-platform-guardrails',
      ],
      [
        'ResourceQuota in kube-system',
        'POST',
        core('kube-system', 'resourcequotas'),
        quota('x'),
        'paasport-platform may not change anything in namespace kube-system',
      ],
      [
        'paasport-team in kube-system',
        'POST',
        rbac('kube-system'),
        roleBinding('x', 'paasport-team', teamGroup),
        'paasport-platform may not change anything in namespace kube-system',
      ],
      [
        "the portal's role in a namespace that is not a team's",
        'POST',
        rbac(unlabelled),
        roleBinding('x', 'paasport-portal-impersonation', {
          kind: 'ServiceAccount',
          name: 'paasport-portal',
          namespace: 'paasport-system',
        }),
        `paasport-platform only writes in namespaces labelled paasport.io/team, not in ${unlabelled}`,
      ],
      [
        "a quota in a namespace that is not a team's",
        'POST',
        core(unlabelled, 'resourcequotas'),
        quota('x'),
        'only writes in namespaces labelled paasport.io/team',
      ],
      [
        'unlabelled Namespace',
        'POST',
        '/api/v1/namespaces',
        { metadata: { name: `${namespace}-y` } },
        'only manages namespaces labelled paasport.io/team',
      ],
      [
        'Namespace moved to another team',
        'PATCH',
        `/api/v1/namespaces/${namespace}`,
        { metadata: { labels: { 'paasport.io/team': 'payments' } } },
        'never changes that label',
      ],
      [
        'a system Namespace',
        'PATCH',
        '/api/v1/namespaces/kube-system',
        { metadata: { labels: { 'paasport.io/team': team } } },
        'may not change anything in namespace kube-system',
      ],
    ];
    for (const [what, method, path, body, reason] of refusals) {
      const answer = await api.call(method, path, { body, as: asPlatform });
      expect([what, answer.status]).toEqual([what, 403]);
      expect([what, answer.body.message]).toEqual([
        what,
        expect.stringContaining(reason),
      ]);
    }
  });

  it('impersonates no other ServiceAccount, and only without groups', async () => {
    // A team may create an account of the same name in its namespace.
    await admin.makeApiClient(k8s.CoreV1Api).createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name: 'paasport-platform' } },
    });
    for (const user of [
      'system:serviceaccount:kube-system:default',
      'system:serviceaccount:kube-system:namespace-controller',
      `system:serviceaccount:${namespace}:paasport-platform`,
      'system:serviceaccount:paasport-system:paasport-portal',
    ]) {
      const answer = await api.call('POST', core(namespace, 'resourcequotas'), {
        body: quota('x'),
        as: { user },
      });
      expect([user, answer.status]).toEqual([user, 403]);
      expect(answer.body.message).toContain(
        'cannot impersonate:serviceaccount resource "serviceaccounts"',
      );
    }
    // The API server fills in a ServiceAccount's groups itself; constrained
    // impersonation refuses a ServiceAccount with Impersonate-Group headers
    // (it falls back to the legacy check, which the portal does not hold).
    const withGroups = await api.call(
      'POST',
      core(namespace, 'resourcequotas'),
      {
        body: quota('x'),
        as: {
          user: platformUser,
          groups: [
            'system:serviceaccounts',
            'system:serviceaccounts:paasport-system',
          ],
        },
      },
    );
    expect(outcome(withGroups)).toContain(
      'cannot impersonate resource "serviceaccounts"',
    );
  });

  it("mirrors ClusterRole paasport-platform in the portal's impersonate-on:serviceaccount rules", async () => {
    const clusterRole = (file: string, name: string) =>
      YAML.parseAllDocuments(
        fs.readFileSync(nodePath.join(rbacDir, file), 'utf8'),
      )
        .map(doc => doc.toJS())
        .find(o => o?.kind === 'ClusterRole' && o.metadata.name === name);
    const platform: V1PolicyRule[] = clusterRole(
      'platform-rbac.yaml',
      'paasport-platform',
    ).rules;
    const portal: V1PolicyRule[] = clusterRole(
      'portal-rbac.yaml',
      'paasport-portal',
    ).rules;
    const prefix = 'impersonate-on:serviceaccount:';
    const onBehalf = portal
      .filter(r => r.verbs.some(v => v.startsWith(prefix)))
      .map(r => ({
        apiGroups: r.apiGroups,
        resources: r.resources,
        verbs: r.verbs.map(v => v.slice(prefix.length)),
      }));
    // `bind` is checked on the platform itself, never a request's verb.
    expect(onBehalf).toEqual(
      platform
        .filter(r => !r.verbs.includes('bind'))
        .map(r => ({
          apiGroups: r.apiGroups,
          resources: r.resources,
          verbs: r.verbs,
        })),
    );
  });

  // Reads what the first test of this describe wrote.
  it('is named in the audit log: the portal, acting as the platform', async () => {
    const isQuota = (e: AuditEvent) =>
      e.verb === 'create' &&
      e.objectRef?.resource === 'resourcequotas' &&
      e.objectRef.namespace === namespace &&
      e.responseStatus?.code === 201;
    const deadline = Date.now() + 15_000;
    let event = readAuditEvents(cluster, since).find(isQuota);
    while (!event && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      event = readAuditEvents(cluster, since).find(isQuota);
    }
    const constrained = event as
      | (AuditEvent & {
          authenticationMetadata?: { impersonationConstraint?: string };
        })
      | undefined;
    expect(constrained?.user.username).toBe(portalUser);
    expect(constrained?.impersonatedUser?.username).toBe(platformUser);
    expect(constrained?.authenticationMetadata?.impersonationConstraint).toBe(
      'impersonate:serviceaccount',
    );
    // No write in the namespace went through under the portal's own name.
    const own = readAuditEvents(cluster, since).filter(
      e =>
        e.objectRef?.namespace === namespace &&
        e.user.username === portalUser &&
        !e.impersonatedUser &&
        (e.responseStatus?.code ?? 0) < 300,
    );
    expect(own).toEqual([]);
  });
});
