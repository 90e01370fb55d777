import { mockCredentials } from '@backstage/backend-test-utils';
import { LogEvent } from '@paasport/plugin-console-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  AuditRecord,
  component,
  startConsoleBackend,
} from './__testUtils__/backend';
import { eventually } from './__testUtils__/devcluster';
import { apiServerLogStreams } from './__testUtils__/apiServerMetrics';
import { upstreamLogStreams } from './logs/upstreamLogStreams';
import { parseTimedLine } from './logs/logLine';

type LineEvent = Extract<LogEvent, { type: 'line' }>;

/** The lines of an NDJSON answer. */
const linesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .map(line => JSON.parse(line) as LogEvent)
    .filter((e): e is LineEvent => e.type === 'line');

/** Sortable keys of the lines' timestamps (RFC 3339 drops trailing zeros). */
const keysOf = (lines: LineEvent[]) =>
  lines.map(l => parseTimedLine(`${l.timestamp} ${l.text}`).key);

/** Texts written by more than one pod: each pod's lines are its own. */
function sharedTexts(lines: LineEvent[]): string[] {
  const pods = new Map<string, Set<string>>();
  for (const line of lines) {
    pods.set(line.text, (pods.get(line.text) ?? new Set()).add(line.pod));
  }
  return [...pods].filter(([, p]) => p.size > 1).map(([text]) => text);
}

/** When a test client gives up on a followed log request. */
type Moment =
  | 'once sent'
  | 'after 2 ms'
  | 'after 15 ms'
  | 'after 60 ms'
  | 'on the response headers'
  | 'after a few lines';

/**
 * Sends a log request and destroys it at `moment` (or resolves when it
 * ended by itself); after a few lines, only once `ready` resolves.
 */
function openAndAbort(
  url: string,
  headers: Record<string, string>,
  moment: Moment,
  ready?: () => Promise<void>,
): Promise<void> {
  return new Promise(resolve => {
    const req = http.get(url, { headers, agent: false });
    const abort = () => {
      req.destroy();
      resolve();
    };
    req.on('error', () => {});
    req.on('close', () => resolve());
    const delay = /^after (\d+) ms$/.exec(moment);
    if (moment === 'once sent') req.on('finish', abort);
    if (delay) setTimeout(abort, Number(delay[1]));
    req.on('response', res => {
      res.on('error', () => {});
      if (moment === 'on the response headers') abort();
      if (moment !== 'after a few lines') return;
      let lines = 0;
      let waited = false;
      res.on('data', (chunk: Buffer) => {
        lines += chunk.toString().split('\n').length - 1;
        if (lines >= 3 && !waited && ready) {
          waited = true;
          ready().then(abort, abort);
        }
      });
    });
  });
}

// Streams the demo's logs from the devcluster's `dev`; fails if it is down.
jest.setTimeout(60_000);

describe('console backend: logs over HTTP', () => {
  let server: Awaited<ReturnType<typeof startConsoleBackend>>['server'];
  let audits: AuditRecord[];
  let stop: () => Promise<void>;
  const path =
    '/api/console/entities/component/default/shop-api/logs?cluster=dev&workload=shop-api';

  beforeAll(async () => {
    const started = await startConsoleBackend({
      entities: [component('shop-api', 'storefront')],
    });
    server = started.server;
    audits = started.audits;
    stop = () => started.backend.stop();
  });

  afterAll(() => stop());

  // Logs are for the owner team and admins: alice is in storefront.
  const member = {
    Authorization: mockCredentials.user.header('user:default/alice'),
  };
  const asMember = (url: string) => request(server).get(url).set(member);

  it('returns a bounded tail as NDJSON and audits the read as sensitive', async () => {
    const res = await asMember(`${path}&tailLines=4`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/x-ndjson; charset=utf-8',
    );
    const events = res.text
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as LogEvent);
    const lines = events.filter(e => e.type === 'line');
    expect(lines.length).toBeGreaterThanOrEqual(8); // 4 per pod, 2+ pods
    expect(lines[0]).toEqual({
      type: 'line',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      pod: expect.stringMatching(/^shop-api-/),
      container: 'shop-api',
      text: expect.any(String),
    });
    expect(events.at(-1)).toEqual({
      type: 'end',
      reason: 'all log streams ended',
    });
    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-logs-read',
      severityLevel: 'medium',
      outcome: 'success',
      meta: {
        cluster: 'dev',
        workload: 'Deployment/shop-api',
        workloadEntityRef: 'component:default/shop-api',
      },
    });
  });

  it('streams followed lines as they are written until the client goes away', async () => {
    // The demo exporter appends a batch every few seconds with timestamps spread
    // over the interval just gone, so wall-clock time says nothing about which
    // lines are new. What must hold: following with tailLines=0 sends no history,
    // i.e. nothing at or before the newest line that already existed.
    const snapshot = await asMember(`${path}&tailLines=1`);
    const newestBefore = Math.max(
      ...snapshot.text
        .trim()
        .split('\n')
        .map(line => JSON.parse(line) as LogEvent)
        .flatMap(e => (e.type === 'line' ? [Date.parse(e.timestamp)] : [])),
    );
    expect(newestBefore).toBeGreaterThan(0);
    const { port } = server.address() as AddressInfo;
    const events: LogEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        `http://127.0.0.1:${port}${path}&follow=true&tailLines=0`,
        { headers: member },
        res => {
          expect(res.statusCode).toBe(200);
          let buffered = '';
          res.on('data', chunk => {
            buffered += chunk;
            const parts = buffered.split('\n');
            buffered = parts.pop()!;
            events.push(...parts.map(p => JSON.parse(p)));
            if (events.filter(e => e.type === 'line').length >= 3) {
              req.destroy();
              resolve();
            }
          });
          res.on('error', () => {});
        },
      );
      req.on('error', error => (req.destroyed ? undefined : reject(error)));
    });
    const lines = events.filter(
      (e): e is Extract<LogEvent, { type: 'line' }> => e.type === 'line',
    );
    const historyResent = lines.filter(
      l => Date.parse(l.timestamp) <= newestBefore,
    );
    expect(historyResent).toEqual([]);
  });

  it('closes every upstream log stream of clients that leave at any moment', async () => {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}${path}&follow=true&tailLines=5`;
    // Streams of the tests before have closed; others' may be open on the
    // API server, hence a baseline.
    await eventually(
      () => upstreamLogStreams.count() === 0,
      10_000,
      'earlier streams closed',
    );
    const baseline = await apiServerLogStreams('dev');

    // Six clients that read a few lines first: while they do, their
    // streams are open on both ends (so the counts below count something).
    const reading = 6;
    let allReading!: () => void;
    const everyoneRead = new Promise<void>(resolve => {
      allReading = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>(resolve => {
      release = resolve;
    });
    let readers = 0;
    const ready = async () => {
      readers += 1;
      if (readers === reading) allReading();
      await released;
    };
    const readingClients = Array.from({ length: reading }, () =>
      openAndAbort(url, member, 'after a few lines', ready),
    );
    await everyoneRead;
    try {
      // 2+ pods each: one upstream stream per pod and client.
      expect(upstreamLogStreams.count()).toBeGreaterThanOrEqual(2 * reading);
      await eventually(
        async () =>
          (await apiServerLogStreams('dev')) >= baseline + 2 * reading,
        10_000,
        'the API server to count the open log streams',
      );
    } finally {
      release();
    }
    // Twenty-four more that leave early: before the backend has checked
    // the request, while it opens the upstream requests, just after.
    const early: Moment[] = [
      'once sent',
      'after 2 ms',
      'after 15 ms',
      'after 60 ms',
      'on the response headers',
    ];
    const earlyClients = Array.from({ length: 24 }, (_, i) =>
      openAndAbort(url, member, early[i % early.length]),
    );
    await Promise.all([...readingClients, ...earlyClients]);

    await eventually(
      () => upstreamLogStreams.count() === 0,
      10_000,
      'the backend to close every upstream log stream',
    );
    await eventually(
      async () => (await apiServerLogStreams('dev')) <= baseline,
      15_000,
      'the API server to see every log stream end',
    );
  });

  it("lists the workload's containers and streams only the picked one", async () => {
    const releases = await asMember(
      '/api/console/entities/component/default/shop-api/releases?cluster=dev',
    );
    expect(releases.body.clusters[0].workloads[0]).toMatchObject({
      name: 'shop-api',
      containers: ['shop-api'],
      initContainers: [],
    });
    const res = await asMember(`${path}&tailLines=2&container=shop-api`);
    expect(res.status).toBe(200);
    const lines = res.text
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as LogEvent)
      .filter(e => e.type === 'line');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(new Set(lines.map(l => l.type === 'line' && l.container))).toEqual(
      new Set(['shop-api']),
    );
    // The previous-container toggle still works with a picked container
    // (kwok serves the demo's crashed previous containers).
    const previous = await asMember(
      `${path}&tailLines=2&container=shop-api&previous=true`,
    );
    expect(previous.status).toBe(200);
    const events = previous.text
      .trim()
      .split('\n')
      .map(line => JSON.parse(line) as LogEvent);
    const previousLines = events.filter(e => e.type === 'line');
    expect(previousLines.length).toBeGreaterThan(0);
    expect(
      previousLines.every(l => l.type === 'line' && l.container === 'shop-api'),
    ).toBe(true);
    expect(events.at(-1)).toEqual({
      type: 'end',
      reason: 'all log streams ended',
    });
  });

  it.each(['dev', 'prod'])(
    'merges the tails of every pod on %s in time order, each pod with lines of its own',
    async cluster => {
      const res = await asMember(
        `/api/console/entities/component/default/shop-api/logs?cluster=${cluster}&workload=shop-api&tailLines=50`,
      );
      expect(res.status).toBe(200);
      const lines = linesOf(res.text);
      const pods = new Set(lines.map(l => l.pod));
      expect(pods.size).toBeGreaterThanOrEqual(2);
      expect(lines).toHaveLength(50 * pods.size);
      const keys = keysOf(lines);
      expect(keys).toEqual([...keys].sort());
      expect(sharedTexts(lines)).toEqual([]);
    },
  );

  it('keeps the time order while following: tails first, then new lines of every pod as they come', async () => {
    const { port } = server.address() as AddressInfo;
    const events: LogEvent[] = [];
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        `http://127.0.0.1:${port}${path.replace(
          'cluster=dev',
          'cluster=prod',
        )}&follow=true&tailLines=20`,
        { headers: member },
        res => {
          expect(res.statusCode).toBe(200);
          let buffered = '';
          res.on('data', chunk => {
            buffered += chunk;
            const parts = buffered.split('\n');
            buffered = parts.pop()!;
            events.push(...parts.map(p => JSON.parse(p)));
          });
          res.on('error', () => {});
        },
      );
      req.on('error', error => (req.destroyed ? undefined : reject(error)));
      // Long enough for every pod to write a few lines while followed.
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 12_000);
    });
    const lines = events.filter((e): e is LineEvent => e.type === 'line');
    const pods = new Set(lines.map(l => l.pod));
    expect(pods.size).toBeGreaterThanOrEqual(2);
    const followed = lines.filter(l => Date.parse(l.timestamp) > started);
    expect(new Set(followed.map(l => l.pod)).size).toBeGreaterThanOrEqual(2);
    const keys = keysOf(lines);
    expect(keys).toEqual([...keys].sort());
    expect(sharedTexts(lines)).toEqual([]);
    expect(events.filter(e => e.type === 'error')).toEqual([]);
  });

  it('refuses a container the workload does not have, naming those it has', async () => {
    const res = await asMember(`${path}&container=sidecar`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      "Deployment shop-api has no container 'sidecar' (its containers: shop-api)",
    );
    expect(audits.at(-1)).toMatchObject({
      eventId: 'workload-logs-read',
      outcome: 'fail',
    });
  });

  it('rejects invalid queries and unknown workloads before streaming', async () => {
    const invalid = await asMember(`${path}&tailLines=-1`);
    expect(invalid.status).toBe(400);
    const unknown = await asMember(
      '/api/console/entities/component/default/shop-api/logs?cluster=dev&workload=shop-web',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /No Deployment shop-web of this entity in cluster dev/,
    );
  });
});
