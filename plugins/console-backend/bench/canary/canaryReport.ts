import { CanaryVerdictRecord } from '@paasport/plugin-console-common';
import { ms } from '../stats';
import { AuditCount } from './auditRequests';
import { ANALYSIS } from './canaryClient';
import { FailingRun } from './failingCanary';
import { HealthyRun } from './healthyCanary';
import { Measured } from './measure';
import { HandlerCounts } from './prometheusRequests';

/** Everything the canary benchmark measured. */
export interface CanaryBenchResult {
  date: string;
  failing: Measured<FailingRun>;
  healthy: Measured<HealthyRun>;
  /** Query requests Prometheus served in an idle window before the runs. */
  idle: { queries: HandlerCounts; windowMs: number };
}

/** A markdown table, cells padded so it also reads as plain text. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) =>
    Math.max(3, ...rows.map(r => (r[c] ?? '').length)),
  );
  const line = (r: string[]) =>
    `| ${r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join(' | ')} |`;
  return [
    line(rows[0]),
    line(widths.map(w => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ].join('\n');
}

const sum = (counts: HandlerCounts) =>
  Object.values(counts).reduce((a, b) => a + b, 0);
const split = (counts: HandlerCounts) =>
  `${counts['/api/v1/query_range'] ?? 0} + ${counts['/api/v1/query'] ?? 0}`;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
const perStep = (n: number, steps: number) => (n / steps).toFixed(1);
const yesNo = (ok: boolean) => (ok ? 'yes' : 'NO');

/** The PromQL queries the verdicts say they ran (two tracks per metric). */
function queriesInVerdicts(verdicts: CanaryVerdictRecord[]): number {
  return verdicts.reduce(
    (n, v) =>
      n +
      v.verdict.metrics.reduce(
        (m, metric) =>
          m + (metric.queries.canary ? 1 : 0) + (metric.queries.stable ? 1 : 0),
        0,
      ),
    0,
  );
}

/** Steps a canary went through: those it reached, up to its last verdict. */
function stepsGoneThrough(run: FailingRun | HealthyRun): number {
  const c = run.canary;
  return (
    Math.max(
      ...c.events.filter(e => e.kind === 'stepReached').map(e => e.stepIndex),
      ...c.verdicts.map(v => v.stepIndex),
    ) + 1
  );
}

function auditRows(failing: AuditCount, healthy: AuditCount): string[][] {
  const keys = new Map<string, [string, string]>();
  for (const r of [...failing.rows, ...healthy.rows]) {
    keys.set(`${r.identity}\n${r.request}`, [r.identity, r.request]);
  }
  const count = (a: AuditCount, identity: string, request: string) =>
    String(
      a.rows.find(r => r.identity === identity && r.request === request)
        ?.count ?? 0,
    );
  return [...keys.values()]
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]))
    .map(([identity, request]) => [
      identity,
      request,
      count(failing, identity, request),
      count(healthy, identity, request),
    ]);
}

/** The figures issue 15 asks for, as markdown. */
export function formatCanaryReport(r: CanaryBenchResult): string {
  const f = r.failing.result;
  const h = r.healthy.result;
  const fSteps = stepsGoneThrough(f);
  const hSteps = stepsGoneThrough(h);
  const runs = [
    { label: 'failing (aborted)', m: r.failing, steps: fSteps },
    { label: 'healthy (promoted)', m: r.healthy, steps: hSteps },
  ];
  const a = ANALYSIS;
  return [
    `## Canary benchmark, ${r.date} (devcluster dev)`,
    '',
    `Analysis: intervalSeconds ${a.intervalSeconds}, windowSeconds ${a.windowSeconds}, ` +
      `minSamples ${a.minSamples}, alpha ${a.alpha}, minRequests ${a.minRequests}; ` +
      `ticks every 1 s, each canary due every 5 s.`,
    '',
    `### 1. Failing canary (${f.replicas} replicas, ` +
      `error rate 0.4, step 50 %), from the failing verdict's judgedAt; admin reads every 100 ms`,
    '',
    markdownTable([
      ['figure', 'time'],
      ['POST → failing verdict judged', seconds(f.postToVerdictMs)],
      [
        'failing verdict → canary Deployment at 0 replicas (spec)',
        ms(f.toZeroDesiredMs),
      ],
      [
        'failing verdict → canary Deployment has no pods (status)',
        ms(f.toNoPodsMs),
      ],
      ['failing verdict → canary Deployment deleted', ms(f.toDeletedMs)],
    ]),
    '',
    `Outcome ${f.canary.outcome}; stable Deployment unchanged: ${yesNo(
      f.stableUntouched,
    )}; failed admin reads: ${f.failedReads}.`,
    '',
    `### 2. Healthy canary, ${h.replicas} replicas, steps ${h.canary.steps
      .map(s => s.weight)
      .join('/')} %, 30 s pauses`,
    '',
    markdownTable([
      [
        'step',
        'weight',
        'scaling',
        'soak + analysis (last: promotion)',
        'step total',
        'verdict',
      ],
      ...h.steps.map((s, i) => [
        String(i + 1),
        `${s.weight} %`,
        seconds(s.scalingMs),
        seconds(s.restMs),
        seconds(s.totalMs),
        s.outcome,
      ]),
    ]),
    '',
    `POST → outcome promoted: ${seconds(
      h.wallMs,
    )} (history started → succeeded ${seconds(
      h.historyMs,
    )}). Stable on the new image: ${yesNo(h.stableOnNewImage)} (${
      h.stableImage
    }), ` +
      `replicas ${h.stableReplicas}, canary Deployment deleted: ${yesNo(
        h.canaryDeploymentGone,
      )}.`,
    '',
    '### 3. Prometheus queries per analysis step',
    '',
    markdownTable([
      [
        'run',
        'verdicts',
        'served by Prometheus (range + instant)',
        'sent by this backend (range + instant)',
        'per verdict: served',
        'per verdict: sent',
        'per verdict: queries in the verdicts',
      ],
      ...runs.map(({ label, m }) => {
        const verdicts = m.result.canary.verdicts.length;
        return [
          label,
          String(verdicts),
          split(m.queries),
          split(m.ownQueries),
          (sum(m.queries) / verdicts).toFixed(1),
          (sum(m.ownQueries) / verdicts).toFixed(1),
          (queriesInVerdicts(m.result.canary.verdicts) / verdicts).toFixed(1),
        ];
      }),
    ]),
    '',
    `Served: \`prometheus_http_requests_total\` of dev's Prometheus, all its clients ` +
      `(${sum(r.idle.queries)} in ${seconds(
        r.idle.windowMs,
      )} idle before the runs; ` +
      `other tests' canaries on dev add theirs). Sent: this process's requests to it. ` +
      `In the verdicts: the canary and stable query of each judged metric; the two ` +
      `instant request-count queries are not kept in a verdict.`,
    '',
    "### 4. Apiserver requests per step (portal identity, dev's audit log: writes only)",
    '',
    markdownTable([
      [
        'run',
        'steps',
        'requests',
        'impersonated',
        "portal's own",
        'per step',
        'portal writes in other namespaces (not counted)',
      ],
      ...runs.map(({ label, m, steps }) => {
        const own = m.audit.rows
          .filter(row => row.identity === 'portal')
          .reduce((n, row) => n + row.count, 0);
        return [
          label,
          String(steps),
          String(m.audit.total),
          String(m.audit.total - own),
          String(own),
          perStep(m.audit.total, steps),
          String(m.audit.elsewhere),
        ];
      }),
    ]),
    '',
    markdownTable([
      ['identity', 'request', 'failing', 'healthy'],
      ...auditRows(r.failing.audit, r.healthy.audit),
    ]),
  ].join('\n');
}
