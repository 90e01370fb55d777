import { RollbackTiming } from './rollbackTiming';
import { SeededCluster } from './seedLoad';
import { mean, median, ms, percentile, table } from './stats';

/** One endpoint's page views, counted on the apiserver side. */
export interface PageViews {
  label: string;
  samples: number[];
  bytes: number;
  /** Portal-identity requests over all views, summed over the clusters. */
  portalRequests: number;
  /** Every request the apiservers finished over the window. */
  allRequests: number;
  windowMs: number;
}

/** Everything the run measured. */
export interface BenchResult {
  entityRef: string;
  clusters: SeededCluster[];
  upMs: number;
  seedMs: number;
  /** Waiting for the apiservers' idle rate after seeding; the rate reached. */
  quiet: { ms: number; rate: number };
  sync: { ms: number; portalRequests: number };
  console: PageViews;
  kubernetes: PageViews;
  /** Background requests per second while nothing was asked. */
  idle: { portalPerSecond: number; allPerSecond: number };
  rollbacks: Array<RollbackTiming & { portalRequests: number }>;
}

const perView = (v: PageViews, n: number) => (n / v.samples.length).toFixed(2);
const times = (x: number) => `${x.toFixed(1)}×`;
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');

/** The figures as text tables: what was measured, medians and ratios. */
export function formatReport(r: BenchResult): string {
  const c = r.console;
  const k = r.kubernetes;
  const p50 = percentile(k.samples, 0.5) / percentile(c.samples, 0.5);
  const p99 = percentile(k.samples, 0.99) / percentile(c.samples, 0.99);
  const consolePerView = c.portalRequests / c.samples.length;
  const out: string[] = [];

  out.push(
    `Setup: ${r.clusters.length} isolated clusters, devcluster up ${ms(
      r.upMs,
    )}, seeding until every replica was available ${ms(r.seedMs)}, then ${ms(
      r.quiet.ms,
    )} until the apiservers were quiet (${r.quiet.rate.toFixed(
      1,
    )} requests/s per cluster)`,
    table([
      [
        'cluster',
        'pods',
        'running',
        `${r.entityRef} pods`,
        'deployments',
        'replicasets',
      ],
      ...r.clusters.map(s => [
        s.cluster,
        String(s.pods),
        String(s.runningPods),
        String(s.entityPods),
        String(s.deployments),
        String(s.replicaSets),
      ]),
    ]),
    '',
    `Console watch cache: synced ${ms(r.sync.ms)} after the backend started, ` +
      `with ${r.sync.portalRequests} apiserver requests (initial list pages + watches, all clusters)`,
    '',
    `Page views of ${r.entityRef}, one backend process, sequential, ` +
      `${c.samples.length} + ${k.samples.length} views after warm-up, in alternating blocks:`,
    table([
      ['', c.label, k.label, 'ratio'],
      [
        'latency p50',
        ms(percentile(c.samples, 0.5)),
        ms(percentile(k.samples, 0.5)),
        times(p50),
      ],
      [
        'latency p99',
        ms(percentile(c.samples, 0.99)),
        ms(percentile(k.samples, 0.99)),
        times(p99),
      ],
      [
        'latency mean',
        ms(mean(c.samples)),
        ms(mean(k.samples)),
        times(mean(k.samples) / mean(c.samples)),
      ],
      [
        'response size',
        `${(c.bytes / 1024).toFixed(1)} KiB`,
        `${(k.bytes / 1024).toFixed(1)} KiB`,
        '',
      ],
      [
        'apiserver requests / view (portal identity)',
        perView(c, c.portalRequests),
        perView(k, k.portalRequests),
        '',
      ],
      [
        'apiserver requests / view (all clients)',
        perView(c, c.allRequests),
        perView(k, k.allRequests),
        '',
      ],
      ['window', ms(c.windowMs), ms(k.windowMs), ''],
    ]),
    `Background while idle (all clusters): ${r.idle.allPerSecond.toFixed(
      1,
    )} requests/s from all clients (kwok leases, exporter, controllers), ` +
      `${r.idle.portalPerSecond.toFixed(2)}/s from the portal identity.`,
    '',
    `Rollback through the console (POST .../rollback to the previous revision, ${
      r.rollbacks[0]?.replicas ?? 0
    } replicas), times from the request:`,
    table([
      [
        'cluster',
        'revision',
        'POST answered',
        'new ReplicaSet available',
        'rollout complete',
        'console says succeeded',
        'portal requests',
      ],
      ...r.rollbacks.map(b => [
        b.cluster,
        `${b.fromRevision} → ${b.toRevision} (new ${b.newRevision})`,
        ms(b.answeredMs),
        ms(b.newReplicaSetAvailableMs),
        ms(b.rolloutCompleteMs),
        ms(b.consoleSucceededMs),
        String(b.portalRequests),
      ]),
      [
        'median',
        '',
        ms(median(r.rollbacks.map(b => b.answeredMs))),
        ms(median(r.rollbacks.map(b => b.newReplicaSetAvailableMs))),
        ms(median(r.rollbacks.map(b => b.rolloutCompleteMs))),
        ms(median(r.rollbacks.map(b => b.consoleSucceededMs))),
        String(median(r.rollbacks.map(b => b.portalRequests))),
      ],
    ]),
    '',
    `Targets: ≥10× faster at p50: ${times(p50)} — ${verdict(p50 >= 10)}; ` +
      `≤1 apiserver request per console page view: ${consolePerView.toFixed(
        2,
      )} — ${verdict(consolePerView <= 1)}`,
  );
  return out.join('\n');
}
