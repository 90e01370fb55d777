import https from 'node:https';
import { loadClientNode } from '@paasport/kubernetes-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { devclusterKubeConfig, readAuditEvents } from './testing';

/*
 * "Kubernetes enforces it: act as the person." The portal's token sends a
 * person's write with impersonation headers; the cluster's RBAC
 * (seed/person-rbac.yaml) decides it, admission keeps people to paasport:
 * groups, and the audit log names both the portal and the person.
 */
jest.setTimeout(60_000);

const cluster = 'dev';
const portalUser = 'system:serviceaccount:paasport-system:paasport-portal';
const guest = 'paasport:user:default/guest';
const storefront = 'paasport:group:default/storefront';
const admins = 'paasport:group:default/admins';
const mark = 'paasport.io/it-impersonation';
const scratch = `devcluster-it-imp-${process.pid}`;

let k8s: Awaited<ReturnType<typeof loadClientNode>>;
let admin: KubeConfig;
let server: URL;
let ca: Buffer;
let portalToken: string;
let since: Date;

type Answer = { status: number; body: any };

/** One API call with a bearer token, through Node's https and the cluster CA. */
function call(
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; as?: { user: string; groups: string[] } } = {},
): Promise<Answer> {
  const headers: Record<string, string | string[]> = {
    Authorization: `Bearer ${token}`,
    Accept: 'application/json',
  };
  if (options.body !== undefined) {
    headers['Content-Type'] =
      method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  }
  if (options.as) {
    headers['Impersonate-User'] = options.as.user;
    headers['Impersonate-Group'] = options.as.groups; // one header line each
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, server),
      { method, headers, ca, timeout: 15_000 },
      res => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path} timed out`)),
    );
    req.end(
      options.body === undefined ? undefined : JSON.stringify(options.body),
    );
  });
}

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
  const portal = await devclusterKubeConfig(`${cluster}-portal`);
  server = new URL(portal.getCurrentCluster()!.server);
  ca = Buffer.from(portal.getCurrentCluster()!.caData!, 'base64');
  portalToken = portal.getCurrentUser()!.token!;
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
  await admin
    ?.makeApiClient(k8s.CoreV1Api)
    .deleteNamespace({ name: scratch })
    .catch(() => undefined);
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

    // The portal itself may patch payments; the person may not.
    const other = await call(
      portalToken,
      'PATCH',
      deploymentPath('payments', 'payments-api'),
      { body: annotate('no'), as: asGuest },
    );
    expect(other.status).toBe(403);
    expect(other.body.message).toContain(`"${guest}" cannot patch`);
  });

  it('refuses a person with a group outside paasport:, on writes', async () => {
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
    expect(masters.body.message).toContain('paasport-person-guardrails');
    expect(masters.body.message).toContain('not system:masters');
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
    expect(system.status).toBe(403);
    expect(system.body.message).toContain(
      'may not change anything in namespace kube-system',
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
    const event = patched();
    expect(event?.user.username).toBe(portalUser);
    expect(event?.impersonatedUser?.groups).toContain(storefront);
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
