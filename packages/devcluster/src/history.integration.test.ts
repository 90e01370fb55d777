import { loadClientNode } from '@paasport/kubernetes-node';
import type { V1ReplicaSet } from '@kubernetes/client-node';
import { devclusterKubeConfig, readDevclusterConfig } from './testing';

/*
 * The demo has a past (README "A demo with a history"): seeding rolls every
 * release out in seconds, then devcluster-backdate moves the releases days
 * back and Prometheus gets the series of those days imported. Checked on the
 * running clusters, for shop-api, whose 1.2.0 is the demo's bad release.
 */
jest.setTimeout(120_000);

const BACKDATED = 'devcluster.paasport.io/backdated';
const HOUR = 3600;
const DAY = 24 * HOUR;

type Sample = [number, string];

async function prometheus(cluster: string, query: string, time?: number) {
  const base =
    readDevclusterConfig().data.paasport.clusters[cluster].prometheusUrl;
  const params = new URLSearchParams({ query });
  if (time !== undefined) params.set('time', String(time));
  const res = await fetch(`${base}/api/v1/query?${params}`);
  const body = await res.json();
  if (body.status !== 'success') {
    throw new Error(`${query}: ${res.status} ${JSON.stringify(body)}`);
  }
  return body.data.result as Array<{
    metric: Record<string, string>;
    value?: Sample;
    values?: Sample[];
  }>;
}

async function scalar(cluster: string, query: string, time: number) {
  const result = await prometheus(cluster, query, time);
  if (result.length !== 1) {
    throw new Error(`${query} at ${time}: ${result.length} results`);
  }
  return Number(result[0].value![1]);
}

/** The seeded shop-api releases (the backdated ReplicaSets) by version. */
async function releases(cluster: string) {
  const k8s = await loadClientNode();
  const apps = (await devclusterKubeConfig(cluster)).makeApiClient(
    k8s.AppsV1Api,
  );
  const sets = await apps.listNamespacedReplicaSet({
    namespace: 'storefront',
    labelSelector: 'app.kubernetes.io/name=shop-api',
  });
  const byVersion = new Map<string, V1ReplicaSet>();
  for (const rs of sets.items) {
    if (rs.metadata?.annotations?.[BACKDATED]) {
      byVersion.set(rs.metadata.labels!['app.kubernetes.io/version'], rs);
    }
  }
  const at = (version: string) => {
    const rs = byVersion.get(version);
    if (!rs) throw new Error(`${cluster}: no backdated shop-api ${version}`);
    return rs.metadata!.creationTimestamp!.getTime() / 1000;
  };
  // The backdating marker holds the moment of seeding (whole minutes).
  const seeded =
    new Date(
      byVersion.get('1.0.0')!.metadata!.annotations![BACKDATED],
    ).getTime() / 1000;
  const hash = (version: string) =>
    byVersion.get(version)!.metadata!.labels!['pod-template-hash'];
  return { at, hash, seeded };
}

/** When Prometheus scraped the exporter first: where the live data begins. */
async function firstLiveSample(cluster: string) {
  const [up] = await prometheus(cluster, 'up{job="workloads"}[8d]');
  return Number(up.values![0][0]);
}

// lib/seed.sh: releases 144 h, 72 h and 20 h before the moment of seeding;
// prod gets each of them 2 h after dev.
describe.each([
  ['dev', 0],
  ['prod', 2 * HOUR],
])('the demo history of %s', (cluster, delay) => {
  it('spreads the releases over days', async () => {
    const { at, seeded } = await releases(cluster);
    expect(at('1.0.0')).toBe(seeded - 144 * HOUR + delay);
    expect(at('1.1.0')).toBe(seeded - 72 * HOUR + delay);
    expect(at('1.2.0')).toBe(seeded - 20 * HOUR + delay);
    expect(seeded).toBeLessThanOrEqual(Date.now() / 1000);
    // The Deployment itself dates from its first release.
    const k8s = await loadClientNode();
    const deployment = await (await devclusterKubeConfig(cluster))
      .makeApiClient(k8s.AppsV1Api)
      .readNamespacedDeployment({ namespace: 'storefront', name: 'shop-api' });
    expect(deployment.metadata!.annotations![BACKDATED]).toBeDefined();
    expect(deployment.metadata!.creationTimestamp!.getTime() / 1000).toBe(
      at('1.0.0'),
    );
  });

  it('gives the pods the age of their release, started as they were created', async () => {
    const k8s = await loadClientNode();
    const kc = await devclusterKubeConfig(cluster);
    const [pods, sets] = await Promise.all([
      kc
        .makeApiClient(k8s.CoreV1Api)
        .listNamespacedPod({ namespace: 'storefront' }),
      kc
        .makeApiClient(k8s.AppsV1Api)
        .listNamespacedReplicaSet({ namespace: 'storefront' }),
    ]);
    const created = new Map(
      sets.items.map(rs => [
        rs.metadata!.uid!,
        rs.metadata!.creationTimestamp!.getTime(),
      ]),
    );
    // Pods a later rollout made keep their real times and have no marker.
    const backdated = pods.items.filter(
      p => p.metadata?.annotations?.[BACKDATED],
    );
    expect(backdated.length).toBeGreaterThan(0);
    for (const pod of backdated) {
      const owner = pod.metadata!.ownerReferences!.find(o => o.controller)!;
      const podCreated = pod.metadata!.creationTimestamp!.getTime();
      expect(podCreated - created.get(owner.uid)!).toBe(2000);
      const started = pod.status!.startTime!.getTime() - podCreated;
      expect(started).toBeGreaterThanOrEqual(0);
      expect(started).toBeLessThan(60_000);
    }
  });

  it('has Prometheus series from before the cluster existed, over the whole 7-day view', async () => {
    const { at } = await releases(cluster);
    const live = await firstLiveSample(cluster);
    // An hour after the first release, days before anything was scraped.
    const early = at('1.0.0') + HOUR;
    expect(live - early).toBeGreaterThan(5 * DAY);
    const pods = await prometheus(
      cluster,
      'count by (pod) (container_cpu_usage_seconds_total{namespace="storefront",container="shop-api"})',
      early,
    );
    expect(pods.length).toBeGreaterThan(0);
    // Every hour of the last seven days since the first release has a request
    // rate (the 7-day chart has no hole between the history and the live data).
    const now = Math.floor(Date.now() / 1000);
    for (let t = now; t > at('1.0.0') + HOUR; t -= 6 * HOUR) {
      const rate = await scalar(
        cluster,
        'sum(rate(http_requests_total{namespace="storefront"}[5m]))',
        t,
      );
      expect(rate).toBeGreaterThan(0);
    }
  });

  it("shows 1.2.0's regression against 1.1.0", async () => {
    const { at, hash } = await releases(cluster);
    const measure = async (version: string, time: number) => {
      const pods = `namespace="storefront",pod=~"shop-api-${hash(version)}-.*"`;
      const errors = await scalar(
        cluster,
        `sum(rate(http_requests_total{${pods},code=~"5.."}[1h])) / sum(rate(http_requests_total{${pods}}[1h]))`,
        time,
      );
      const p95 = await scalar(
        cluster,
        `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${pods}}[1h])))`,
        time,
      );
      return { errors, p95 };
    };
    // A day into 1.1.0, and six hours into 1.2.0: both in the imported past.
    const before = await measure('1.1.0', at('1.1.0') + DAY);
    const after = await measure('1.2.0', at('1.2.0') + 6 * HOUR);
    expect(before.errors).toBeLessThan(0.01);
    expect(after.errors).toBeGreaterThan(0.05);
    expect(after.errors).toBeLessThan(0.07);
    expect(before.p95).toBeLessThan(0.25);
    expect(after.p95).toBeGreaterThan(0.35);
    expect(after.p95).toBeLessThan(0.65);
  });

  it('hands over from the imported history to the live samples without overlap', async () => {
    const live = await firstLiveSample(cluster);
    // The current pods' counters: imported up to the first scrape, live after.
    const [series] = await prometheus(
      cluster,
      'http_requests_total{namespace="storefront",container="shop-api",code="200"}',
      live - 30,
    );
    expect(series).toBeDefined();
    const selector = Object.entries(series.metric)
      .filter(([name]) => name !== '__name__')
      .map(([name, value]) => `${name}="${value}"`)
      .join(',');
    const [raw] = await prometheus(
      cluster,
      `http_requests_total{${selector}}[10m]`,
      live + 300,
    );
    const samples = raw.values!.map(([t, v]) => [t, Number(v)]);
    const history = samples.filter(([t]) => t < live);
    const scraped = samples.filter(([t]) => t >= live);
    expect(history.length).toBeGreaterThan(10);
    expect(scraped.length).toBeGreaterThan(10);
    // Within each part the counter only grows; the one drop is at the
    // hand-over (the live exporter counts from zero). An imported sample
    // among the live ones would show as more drops.
    const drops = samples.filter((s, i) => i > 0 && s[1] < samples[i - 1][1]);
    expect(drops).toEqual([scraped[0]]);
  });
});
