import { expect, test } from '@playwright/test';
import { kubectlJson, secretKeys } from './clusters';
import { guestToken, killReplica, replicaBack, replicaUrl } from './replicas';

/*
 * The portal as production runs it (two replicas behind nginx): the backend
 * serves the built frontend, errors carry no stack traces, and work started on
 * one replica finishes when that replica is killed mid-way.
 */

test('the backend serves the built, minified frontend itself', async ({
  request,
}) => {
  for (const base of [replicaUrl(1), replicaUrl(2)]) {
    const index = await request.get(`${base}/catalog`);
    expect(index.status()).toBe(200);
    const html = await index.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html);
    expect(script).not.toBeNull();
    // Built assets are content-hashed and minified; no dev server's bundle.
    expect(script![1]).toMatch(/\/static\/[\w.-]+\.[0-9a-f]{8,}\.js$/);
    const bundle = await request.get(`${base}${script![1]}`);
    expect(bundle.status()).toBe(200);
    const code = await bundle.text();
    expect(code).not.toContain('webpack-dev-server');
    expect(code.split('\n').length).toBeLessThan(code.length / 500);
  }
});

test('errors answer without stack traces or source paths', async ({
  request,
}) => {
  const token = await guestToken(replicaUrl(1));
  const headers = { Authorization: `Bearer ${token}` };
  for (const [path, status] of [
    ['/api/console/entities/component/default/no-such-thing/releases', 404],
    ['/api/console/entities/component/default/shop-web/logs', 400],
    ['/api/catalog/entities/by-name/component/default/no-such-thing', 404],
    ['/api/decommission/runs/not-a-run', 400],
    ['/api/decommission/runs/00000000-0000-4000-8000-000000000000', 404],
  ] as const) {
    const res = await request.get(path, { headers });
    expect([path, res.status()]).toEqual([path, status]);
    const body = await res.text();
    expect(body).not.toMatch(/\bat .+\.(c?js|ts):\d+/);
    expect(body).not.toMatch(/"stack"/);
    expect(body).not.toContain('/work/');
    expect(body).not.toContain('node_modules');
  }
});

const WORKER = '/api/console/entities/component/default/shop-worker';
const BALANCER = 'http://localhost:7100';

/** shop-worker on prod, as the console shows it through `base`. */
async function shopWorker(base: string, headers: Record<string, string>) {
  const releases = await (
    await fetch(`${base}${WORKER}/releases?cluster=prod`, { headers })
  ).json();
  return releases.clusters[0].workloads.find(
    (w: { name: string }) => w.name === 'shop-worker',
  );
}

/** Starts a rollback of shop-worker on prod through `base`; its id. */
async function rollBackShopWorker(
  base: string,
  headers: Record<string, string>,
  workload: { namespace: string; resourceVersion: string },
  toRevision: number,
  reason: string,
): Promise<string> {
  const started = await fetch(`${base}${WORKER}/rollback`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      cluster: 'prod',
      namespace: workload.namespace,
      kind: 'Deployment',
      name: 'shop-worker',
      toRevision,
      resourceVersion: workload.resourceVersion,
      reason,
    }),
  });
  expect(started.status).toBe(202);
  return (await started.json()).rollback.id;
}

/** Waits until `base` says the rollback succeeded; its status then. */
async function rollbackSucceeded(
  base: string,
  headers: Record<string, string>,
  id: string,
): Promise<{ status: string; newRevision?: number }> {
  let status: { status: string; newRevision?: number } | undefined;
  await expect(async () => {
    const res = await fetch(`${base}/api/console/rollbacks/${id}`, {
      headers,
    });
    status = await res.json();
    expect(status!.status).toBe('succeeded');
  }).toPass({ timeout: 90_000, intervals: [500] });
  return status!;
}

test('a rollback started on one replica finishes when that replica is killed; the other serves it', async () => {
  const token = await guestToken(replicaUrl(1));
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const workload = await shopWorker(replicaUrl(1), headers);
  const previous = workload.revisions.find(
    (r: { revision: number }) => r.revision !== workload.currentRevision,
  );
  const deployment = () =>
    kubectlJson('prod', [
      '-n',
      workload.namespace,
      'get',
      'deployment',
      'shop-worker',
    ]);
  const before = deployment();

  const id = await rollBackShopWorker(
    replicaUrl(1),
    headers,
    workload,
    previous.revision,
    'e2e: replica killed mid-rollback',
  );
  const killedAt = Date.now();
  const killed = killReplica(1);

  // Replica 2 alone follows the rollout to its end.
  const finished = await rollbackSucceeded(replicaUrl(2), headers, id);
  // eslint-disable-next-line no-console
  console.log(
    `rollback finished ${
      Date.now() - killedAt
    } ms after its replica was killed`,
  );
  // Applied once: one new generation, one new revision.
  expect(deployment().metadata.generation).toBe(before.metadata.generation + 1);
  expect(finished.newRevision).toBe(
    Math.max(
      ...workload.revisions.map((r: { revision: number }) => r.revision),
    ) + 1,
  );
  await replicaBack(1, killed);

  // The demo keeps its release history for the other tests: the template that
  // was current comes back (as one more revision), through the balancer.
  const restore = await rollBackShopWorker(
    BALANCER,
    headers,
    await shopWorker(BALANCER, headers),
    workload.currentRevision,
    'e2e: restore the demo release',
  );
  await rollbackSucceeded(BALANCER, headers, restore);
});

test('a marketplace request whose replica is killed mid-provisioning is finished by the other, once', async () => {
  test.setTimeout(240_000);
  const name = `e2e-kill-${Date.now().toString(36)}`;
  const token = await guestToken(replicaUrl(1));
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const created = await fetch(`${replicaUrl(1)}/api/marketplace/requests`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      offeringId: 'redis',
      planId: 'small',
      name,
      component: 'component:default/shop-api',
      cluster: 'dev',
      binding: { name: 'shop-api' },
    }),
  });
  expect(created.status).toBe(201);
  const { id } = await created.json();
  const requestOn = async (base: string) =>
    (await fetch(`${base}/api/marketplace/requests/${id}`, { headers })).json();

  // Replica 1 starts the work at once (its processor is kicked by the
  // request); it dies as soon as the broker was asked.
  await expect(async () => {
    const request = await requestOn(replicaUrl(2));
    expect(
      request.history.map((e: { toState: string }) => e.toState),
    ).toContain('provisioning');
  }).toPass({ timeout: 30_000, intervals: [100] });
  const killedAt = Date.now();
  const killed = killReplica(1);

  let request: any;
  await expect(async () => {
    request = await requestOn(replicaUrl(2));
    expect(request.state).toBe('ready');
    expect(request.bindings[0].state).toBe('ready');
  }).toPass({ timeout: 60_000, intervals: [500] });
  const tookMs = Date.now() - killedAt;
  // eslint-disable-next-line no-console
  console.log(
    `marketplace request ready ${tookMs} ms after its replica was killed`,
  );
  // Within a lease (15 s) and a processor round (5 s), not minutes.
  expect(tookMs).toBeLessThan(30_000);
  const messages: string[] = request.history.map(
    (e: { message: string }) => e.message,
  );
  // Provisioned and delivered once; the history says who took over, if the
  // killed replica held the request when it died.
  expect(messages.filter(m => m === 'Provisioned')).toHaveLength(1);
  expect(
    messages.filter(m => m.startsWith('Credentials delivered')),
  ).toHaveLength(1);
  const takeover = messages.find(m => m.includes('taken over by'));
  if (takeover) {
    expect(takeover).toMatch(
      /stopped holding this (request|binding) \(lease expired at .+\); taken over by processor@/,
    );
  }
  expect(secretKeys('dev', 'storefront', `${name}-shop-api`)).toEqual(
    expect.arrayContaining(['host', 'password', 'port', 'uri', 'username']),
  );
  await replicaBack(1, killed);

  // Leave nothing behind.
  const deleted = await fetch(
    `${BALANCER}/api/marketplace/requests/${id}?force=true`,
    { method: 'DELETE', headers },
  );
  expect(deleted.status).toBeLessThan(300);
  await expect(async () => {
    expect((await requestOn(BALANCER)).state).toBe('deleted');
  }).toPass({ timeout: 90_000, intervals: [1_000] });
});

test('a canary whose replica is killed goes on from the other, each step once', async () => {
  test.setTimeout(300_000);
  const token = await guestToken(replicaUrl(1));
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
  };
  const deployment = (name: string) =>
    kubectlJson('prod', [
      '-n',
      'storefront',
      'get',
      'deployments',
      '--field-selector',
      `metadata.name=${name}`,
    ]).items[0];
  const before = deployment('shop-worker');
  // A pod annotation change: shop-worker serves no requests, so its one
  // analysis is inconclusive and the canary waits for a person there.
  const started = await fetch(`${replicaUrl(1)}${WORKER}/canaries`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      cluster: 'prod',
      namespace: 'storefront',
      name: 'shop-worker',
      reason: 'e2e: replica killed mid-canary',
      spec: {
        annotations: { 'e2e.paasport.io/canary-run': Date.now().toString(36) },
        steps: [{ weight: 50, pause: { seconds: 15 } }, { weight: 100 }],
        analysis: { intervalSeconds: 5, windowSeconds: 30, minSamples: 4 },
      },
    }),
  });
  expect(started.status).toBe(201);
  const { id } = await started.json();
  const killedAt = Date.now();
  const killed = killReplica(1);
  const canaryOn = async (base: string) =>
    (await fetch(`${base}/api/console/canaries/${id}`, { headers })).json();
  try {
    // Replica 2 alone takes the canary to its first step and its analysis.
    let canary: any;
    await expect(async () => {
      canary = await canaryOn(replicaUrl(2));
      expect(canary.pause?.kind).toBe('inconclusive');
    }).toPass({ timeout: 150_000, intervals: [1_000] });
    // eslint-disable-next-line no-console
    console.log(
      `canary at its first verdict ${
        Date.now() - killedAt
      } ms after its replica was killed`,
    );
    const kinds: string[] = canary.events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter(k => k === 'stepReached')).toHaveLength(1);
    expect(canary.verdicts).toHaveLength(1);
    // 3 replicas at 50 %: 2 canary (halves round up), 1 stable.
    expect(deployment('shop-worker-canary').spec.replicas).toBe(2);
    expect(deployment('shop-worker').spec.replicas).toBe(1);

    const aborted = await fetch(
      `${replicaUrl(2)}/api/console/canaries/${id}/actions`,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({ action: 'abort', comment: 'e2e: done' }),
      },
    );
    expect(aborted.status).toBe(200);
    await expect(async () => {
      expect((await canaryOn(replicaUrl(2))).outcome).toBe('aborted');
    }).toPass({ timeout: 120_000, intervals: [1_000] });
    expect(deployment('shop-worker-canary')).toBeUndefined();
    const after = deployment('shop-worker');
    expect(after.spec.template).toEqual(before.spec.template);
    expect(after.spec.replicas).toBe(before.spec.replicas);
  } finally {
    // A failed run leaves no canary running for the next one.
    await fetch(`${replicaUrl(2)}/api/console/canaries/${id}/actions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ action: 'abort', comment: 'e2e: clean up' }),
    });
    await replicaBack(1, killed);
  }
});
