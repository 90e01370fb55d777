/* eslint-disable no-console */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/*
 * The soak benchmark of the production portal: mixed traffic against two
 * replicas behind the load balancer for a long while, then the figures.
 *
 *   PAASPORT_REPLICAS=2 PAASPORT_EXTRA_CONFIGS=packages/app/e2e-tests/app-config.e2e.yaml \
 *     ./paasport production            # in one terminal
 *   yarn workspace backend bench:soak --minutes 30   # in another
 *
 * Traffic, from several virtual users at once:
 *   - page views: the HTML page and the API reads a component page makes
 *     (entity, releases, fleet matrix, clusters, metrics, marketplace list);
 *   - log follows, opened and dropped at random moments (some before the
 *     first byte);
 *   - rollbacks of shop-worker on dev, back and forth (each waited for);
 *   - marketplace requests of shared Redis, deprovisioned once ready.
 * Figures: p50/p99 and errors per endpoint, RSS of each replica over time,
 * the replicas' open connections to the API servers at start and end.
 */

const root = path.resolve(__dirname, '../../..');
const logs = path.join(root, '.paasport-data/production-logs');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const minutes = Number(arg('minutes', '30'));
const base = arg('base', 'http://localhost:7100');
const users = Number(arg('users', '4'));
const replicas = Number(arg('replicas', '2'));

interface Sample {
  ms: number;
  ok: boolean;
}
const samples = new Map<string, Sample[]>();
function record(endpoint: string, ms: number, ok: boolean) {
  const list = samples.get(endpoint) ?? [];
  list.push({ ms, ok });
  samples.set(endpoint, list);
}

let token = '';
async function signIn() {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(
      `guest sign-in answered ${res.status}: start the portal with app-config.e2e.yaml (see the top of this file)`,
    );
  }
  token = (await res.json()).backstageIdentity.token;
}

/** One timed request; `expected` are the statuses that are not errors. */
async function call(
  endpoint: string,
  url: string,
  init: RequestInit = {},
  expected: number[] = [200],
): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${url}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
    });
    const body = await res.arrayBuffer();
    record(
      endpoint,
      performance.now() - started,
      expected.includes(res.status),
    );
    return new Response(body, { status: res.status });
  } catch {
    record(endpoint, performance.now() - started, false);
    return undefined;
  }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const entity = '/api/console/entities/component/default/shop-web';

async function pageView() {
  await call('GET page (HTML)', '/catalog/default/component/shop-web');
  await Promise.all([
    call(
      'GET catalog entity',
      '/api/catalog/entities/by-name/component/default/shop-web',
    ),
    call('GET releases', `${entity}/releases`),
    call('GET matrix', '/api/console/entities/system/default/shop/matrix'),
    call('GET clusters', '/api/console/clusters'),
    call('GET marketplace requests', '/api/marketplace/requests'),
  ]);
  if (Math.random() < 0.2) {
    await call(
      'GET metrics',
      `${entity}/metrics?cluster=dev&workload=shop-web&range=1h`,
    );
  }
}

/** A log follow the client drops after `afterMs` (0: before the first byte). */
async function logFollow() {
  const afterMs = Math.random() < 0.3 ? 0 : Math.floor(Math.random() * 2000);
  const controller = new AbortController();
  const started = performance.now();
  const timer = setTimeout(() => controller.abort(), afterMs);
  try {
    const res = await fetch(
      `${base}${entity}/logs?cluster=dev&workload=shop-web&follow=true&tailLines=5`,
      {
        headers: { Authorization: `Bearer ${token}` },
        signal: controller.signal,
      },
    );
    const ok = res.status === 200;
    const reader = res.body!.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
    }
    record('GET logs (follow, dropped)', performance.now() - started, ok);
  } catch (error) {
    // The abort is the point; only other failures count as errors.
    record(
      'GET logs (follow, dropped)',
      performance.now() - started,
      (error as Error).name === 'AbortError',
    );
  } finally {
    clearTimeout(timer);
  }
}

async function rollback() {
  const consoleEntity = '/api/console/entities/component/default/shop-worker';
  const res = await call(
    'GET releases',
    `${consoleEntity}/releases?cluster=dev`,
  );
  if (!res) return;
  const workload = (await res.json()).clusters[0]?.workloads?.[0];
  const target = workload?.revisions?.find(
    (r: { revision: number }) => r.revision !== workload.currentRevision,
  );
  if (!target) return;
  const started = await call(
    'POST rollback',
    `${consoleEntity}/rollback`,
    {
      method: 'POST',
      body: JSON.stringify({
        cluster: 'dev',
        namespace: workload.namespace,
        kind: 'Deployment',
        name: workload.name,
        toRevision: target.revision,
        resourceVersion: workload.resourceVersion,
        reason: 'soak benchmark',
      }),
    },
    // 409: another virtual user's rollback came first (a resourceVersion race).
    [202, 409],
  );
  if (started?.status !== 202) return;
  const { rollback: status } = await started.json();
  for (let i = 0; i < 120; i++) {
    const poll = await call(
      'GET rollback',
      `/api/console/rollbacks/${status.id}`,
    );
    if (poll && (await poll.json()).status !== 'progressing') return;
    await sleep(1000);
  }
}

async function marketplaceRequest() {
  const name = `soak-${Date.now().toString(36)}`;
  const created = await call(
    'POST marketplace request',
    '/api/marketplace/requests',
    {
      method: 'POST',
      body: JSON.stringify({
        offeringId: 'redis',
        planId: 'small',
        name,
        component: 'component:default/shop-api',
        cluster: 'dev',
        binding: { name: 'shop-api' },
      }),
    },
    [201],
  );
  if (!created) return;
  const { id } = await created.json();
  for (let i = 0; i < 120; i++) {
    const res = await call(
      'GET marketplace request',
      `/api/marketplace/requests/${id}`,
    );
    const state = res && (await res.json()).state;
    if (state === 'ready' || state === 'failed') break;
    await sleep(1000);
  }
  await call(
    'DELETE marketplace request',
    `/api/marketplace/requests/${id}?force=true`,
    { method: 'DELETE' },
    [200, 202],
  );
}

function replicaPids(): number[] {
  return Array.from({ length: replicas }, (_, i) =>
    Number(
      fs.readFileSync(path.join(logs, `replica-${i + 1}.pid`), 'utf8').trim(),
    ),
  );
}

function rssMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

/** Established TCP connections of `pid` to the demo API servers. */
function apiServerConnections(pid: number): number {
  const out = execFileSync('ss', ['-tnpH', 'state', 'established'], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(line => line.includes(`pid=${pid},`))
    .filter(line => /:16[01]43\s/.test(line)).length;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function main() {
  await signIn();
  const pids = replicaPids();
  const connectionsAtStart = pids.map(apiServerConnections);
  const rss: Array<{ minute: number; mb: Array<number | undefined> }> = [];
  const startedAt = Date.now();
  const endAt = startedAt + minutes * 60_000;
  const rssTimer = setInterval(() => {
    rss.push({
      minute: (Date.now() - startedAt) / 60_000,
      mb: replicaPids().map(rssMb),
    });
  }, 10_000);
  const refresh = setInterval(
    () => signIn().catch(() => undefined),
    5 * 60_000,
  );
  console.log(
    `soak: ${minutes} min, ${users} users against ${base}, replicas ${pids.join(
      ', ',
    )}`,
  );

  const loops = Array.from({ length: users }, async (_, user) => {
    let nextRollback = Date.now() + 20_000 + user * 15_000;
    let nextRequest = Date.now() + 60_000 + user * 45_000;
    while (Date.now() < endAt) {
      if (user < 2 && Date.now() > nextRollback) {
        await rollback();
        nextRollback = Date.now() + 60_000;
      } else if (user < 2 && Date.now() > nextRequest) {
        await marketplaceRequest();
        nextRequest = Date.now() + 180_000;
      } else if (Math.random() < 0.25) {
        await logFollow();
      } else {
        await pageView();
      }
      await sleep(200 + Math.random() * 800);
    }
  });
  await Promise.all(loops);
  clearInterval(rssTimer);
  clearInterval(refresh);
  // Let dropped streams settle before counting what is still open.
  await sleep(5_000);
  const connectionsAtEnd = replicaPids().map(apiServerConnections);

  console.log(
    '\nendpoint                          count   errors   p50 ms   p99 ms',
  );
  for (const [endpoint, list] of [...samples.entries()].sort()) {
    const ms = list.map(s => s.ms).sort((a, b) => a - b);
    const errors = list.filter(s => !s.ok).length;
    console.log(
      `${endpoint.padEnd(32)} ${String(list.length).padStart(6)} ${String(
        errors,
      ).padStart(8)} ${percentile(ms, 0.5).toFixed(1).padStart(8)} ${percentile(
        ms,
        0.99,
      )
        .toFixed(1)
        .padStart(8)}`,
    );
  }
  console.log('\nRSS (MB) per replica over time');
  const step = Math.max(1, Math.round(rss.length / 12));
  for (let i = 0; i < rss.length; i += step) {
    console.log(
      `  minute ${rss[i].minute.toFixed(1).padStart(5)}: ${rss[i].mb
        .map(mb => String(mb ?? '-').padStart(5))
        .join(' ')}`,
    );
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const window = Math.max(1, Math.floor(rss.length / 3));
  for (let r = 0; r < pids.length; r++) {
    const first = median(rss.slice(0, window).map(s => s.mb[r] ?? 0));
    const last = median(rss.slice(-window).map(s => s.mb[r] ?? 0));
    console.log(
      `  replica ${
        r + 1
      }: median RSS first third ${first} MB, last third ${last} MB (×${(
        last / first
      ).toFixed(2)})`,
    );
  }
  console.log(
    `\nopen connections to the API servers per replica: start ${connectionsAtStart.join(
      ', ',
    )}, end ${connectionsAtEnd.join(', ')}`,
  );
  const out = path.join(root, '.paasport-data/bench');
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `soak-${new Date().toISOString()}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        minutes,
        users,
        samples: Object.fromEntries(samples),
        rss,
        connectionsAtStart,
        connectionsAtEnd,
      },
      null,
      1,
    ),
  );
  console.log(`raw figures: ${file}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
