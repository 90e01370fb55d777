import {
  MetricsResponse,
  RevisionComparisonResponse,
} from '@paasport/plugin-console-common';
import request from 'supertest';
import { component, startConsoleBackend } from './__testUtils__/backend';

// Reads the demo workloads of the running devcluster and the history its
// Prometheus holds (packages/devcluster: releases spread over days, a week
// of backfilled samples); fails if it is down. shop-api's last release,
// 1.2.0, is the demo's bad one (~6 % 5xx, slower) after a healthy 1.1.0.
jest.setTimeout(120_000);

type Compared = Extract<RevisionComparisonResponse, { state: 'ok' }>;
type Charted = Extract<MetricsResponse, { state: 'ok' }>;

const base = '/api/console/entities/component/default';

describe('console backend: revision comparison and charts across ranges', () => {
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await startConsoleBackend({
      entities: [
        component('shop-api', 'storefront', 'shop'),
        component('payments-ledger-db', 'payments'),
      ],
      withoutPrometheus: ['prod'],
    });
    server = started.server;
    stop = () => started.backend.stop();
  });

  afterAll(() => stop());

  async function chart(range: string): Promise<Charted> {
    const res = await request(server).get(
      `${base}/shop-api/metrics?cluster=dev&workload=shop-api&range=${range}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('ok');
    return res.body;
  }

  it("judges shop-api's current release worse than the one before it", async () => {
    const res = await request(server).get(
      `${base}/shop-api/comparison?cluster=dev&kind=Deployment&workload=shop-api`,
    );
    expect(res.status).toBe(200);
    const body = res.body as Compared;
    expect(body).toMatchObject({
      state: 'ok',
      cluster: 'dev',
      kind: 'Deployment',
      namespace: 'storefront',
      name: 'shop-api',
      verdict: { overall: 'worse', errorRate: 'worse', latencyP95: 'worse' },
    });
    const { revision, against } = body;
    expect(revision.revision).toBeGreaterThan(against.revision);
    // Each side measured over its own time as current, at most a day of it,
    // the earlier one ending where the current one began.
    expect(against.current.until).toBe(revision.current.since);
    expect(revision.current.until).toBeUndefined();
    for (const side of [revision, against]) {
      expect(side.window.start).toBeGreaterThanOrEqual(side.current.since);
      expect(side.window.end).toBeLessThanOrEqual(
        side.current.until ?? Date.now() / 1000 + 1,
      );
      expect(side.window.end - side.window.start).toBeLessThanOrEqual(86_400);
      expect(side.requests).toBeGreaterThanOrEqual(500);
    }
    // The demo's history: 1.1.0 ran for days before 1.2.0.
    expect(against.window.end - against.window.start).toBeGreaterThan(3600);
    expect(revision.errorRate).toBeGreaterThan(0.04);
    expect(revision.errorRate).toBeLessThan(0.08);
    expect(against.errorRate).toBeLessThan(0.01);
    // The exporter's histogram buckets put 1.1.0's p95 in 0.1–0.25 s and
    // 1.2.0's in 0.25–0.5 s.
    expect(revision.latencyP95).toBeGreaterThan(0.4);
    expect(against.latencyP95).toBeLessThan(0.25);
  });

  it('compares any two kept revisions, and refuses ones that are not kept', async () => {
    const current = (
      await request(server).get(
        `${base}/shop-api/comparison?cluster=dev&workload=shop-api`,
      )
    ).body as Compared;
    const { revision: now, against: before } = current;
    // The other way round, as the rollback dialog asks it.
    const back = await request(server).get(
      `${base}/shop-api/comparison?cluster=dev&workload=shop-api&revision=${before.revision}&against=${now.revision}`,
    );
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({
      state: 'ok',
      revision: { revision: before.revision },
      against: { revision: now.revision },
      verdict: { overall: 'better', errorRate: 'better' },
    });

    const missing = await request(server).get(
      `${base}/shop-api/comparison?cluster=dev&workload=shop-api&revision=9999`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(
      new RegExp(`has no revision 9999 \\(kept: .*${now.revision}`),
    );
    const same = await request(server).get(
      `${base}/shop-api/comparison?cluster=dev&workload=shop-api&revision=2&against=2`,
    );
    expect(same.status).toBe(400);
    expect(same.body.error.message).toMatch(/against/);
    const prod = await request(server).get(
      `${base}/shop-api/comparison?cluster=prod&workload=shop-api`,
    );
    expect(prod.body).toMatchObject({ state: 'unconfigured', cluster: 'prod' });
  });

  it('gives a StatefulSet without traffic "not enough data", not numbers', async () => {
    const res = await request(server).get(
      `${base}/payments-ledger-db/comparison?cluster=dev&kind=StatefulSet&workload=payments-ledger-db`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      state: 'ok',
      kind: 'StatefulSet',
      revision: { errorRate: null, latencyP95: null },
      against: { errorRate: null, latencyP95: null },
      verdict: { overall: 'not-enough-data' },
    });
  });

  it('reads the same value for the same moment at 1 hour, 24 hours and 7 days', async () => {
    const [hour, day, week] = await Promise.all([
      chart('1h'),
      chart('24h'),
      chart('7d'),
    ]);
    // Each step divides the next one's, so a point of the longer chart
    // within the shorter one's range is a point of it too: 1 h and 24 h
    // share a point every 12 minutes, 24 h and 7 d every 84.
    const settled = Date.now() / 1000 - 60;
    const sameAt = (short: Charted, long: Charted) => {
      expect(long.range.step % short.range.step).toBe(0);
      let compared = 0;
      for (const name of ['errorRate', 'latencyP95', 'memory', 'restarts']) {
        const atShort = new Map(short.series[name as 'cpu']);
        for (const [t, v] of long.series[name as 'cpu']) {
          const same = atShort.get(t);
          // The newest minute may still gain a scrape between two queries.
          if (same === undefined || t > settled) continue;
          // The same PromQL evaluated at the same moment.
          expect({ name, t, v }).toEqual({
            name,
            t,
            v: expect.closeTo(same, 9),
          });
          compared++;
        }
      }
      return compared;
    };
    expect(sameAt(hour, day)).toBeGreaterThanOrEqual(4 * 3);
    expect(sameAt(day, week)).toBeGreaterThanOrEqual(4 * 10);
    // Restarts are counts.
    for (const [, v] of week.series.restarts) {
      expect(Number.isInteger(v)).toBe(true);
    }
  });

  it('has a week of history with every release marked where it happened', async () => {
    const week = await chart('7d');
    // Data from well before the current release, not only since the
    // clusters started.
    const [firstAt] = week.series.errorRate[0];
    const releases = week.markers.filter(m => m.kind !== 'rollback');
    const latest = Math.max(...releases.map(m => m.at));
    expect(firstAt).toBeLessThan(latest - 86_400);
    const times = releases.map(m => m.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) {
      expect(times[i] - times[i - 1]).toBeGreaterThan(3600);
    }
  });
});
