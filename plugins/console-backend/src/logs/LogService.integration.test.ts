import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KubernetesClusters } from '@paasport/kubernetes-node';
import { LogEvent } from '@paasport/plugin-console-common';
import { testApplicationModel } from '@paasport/kubernetes-node/testUtils';
import { component, testOrg } from '../__testUtils__/backend';
import { devcluster, eventually } from '../__testUtils__/devcluster';
import { ClusterCaches } from '../cache/ClusterCaches';
import { LogService } from './LogService';
import { parseTimedLine } from './logLine';
import { LogSink } from './LogSink';

/** The most one read of a response body gives (Node's socket reads). */
const MAX_CHUNK = 64 * 1024;

/** A client that takes everything at once. */
function takeAll(events: LogEvent[]): LogSink {
  return {
    write: event => {
      events.push(event);
    },
    congested: () => false,
    whenWritable: async () => {},
  };
}

// Follows the demo's logs on the devcluster's `dev`; fails if it is down.
jest.setTimeout(60_000);

describe('LogService against the devcluster', () => {
  let caches: ClusterCaches;
  let logs: LogService;
  const credentials = mockCredentials.user('user:default/alice');

  beforeAll(async () => {
    const { data } = await devcluster();
    const clusters = KubernetesClusters.fromConfig(
      new ConfigReader(data as any),
    );
    caches = new ClusterCaches({
      clusters,
      logger: mockServices.logger.mock(),
      namespaces: ['storefront'],
      timing: {
        requestTimeoutMs: 5000,
        watchTimeoutSeconds: 60,
        backoffInitialMs: 500,
        backoffMaxMs: 2000,
      },
      readyWaitMs: 10_000,
    });
    caches.start();
    logs = new LogService({
      caches,
      entities: testApplicationModel({
        entities: [...testOrg(), component('shop-web', 'storefront')],
        clusters,
      }),
      permissions: mockServices.permissions({
        result: AuthorizeResult.ALLOW,
      } as any) as any,
      logger: mockServices.logger.mock(),
      maxContainers: 40,
      ordering: { settleMs: 1000, latenessMs: 2500 },
    });
  });

  afterAll(() => caches.stop());

  const entity = { kind: 'component', namespace: 'default', name: 'shop-web' };
  const query = {
    cluster: 'dev',
    kind: 'Deployment' as const,
    workload: 'shop-web',
    follow: true,
    previous: false,
    tailLines: 3,
  };

  it('follows new lines of every pod, merged in time order, and closes upstream on abort', async () => {
    const run = await logs.prepare(entity, credentials, query, {});
    const events: LogEvent[] = [];
    const controller = new AbortController();
    const started = new Date().toISOString();
    const done = run(takeAll(events), controller.signal);

    // A failed check must not leave followed streams open for the tests
    // after this one, which count them.
    try {
      const lines = () =>
        events.filter(
          (e): e is Extract<LogEvent, { type: 'line' }> => e.type === 'line',
        );
      await eventually(
        () => lines().filter(l => l.timestamp > started).length >= 3,
        20_000,
        'followed lines',
      );
      expect(logs.openStreams()).toBeGreaterThanOrEqual(2);
      const pods = new Set(lines().map(l => l.pod));
      expect(pods.size).toBeGreaterThanOrEqual(2);
      expect(lines().every(l => l.container === 'shop-web')).toBe(true);
      // The backlog (3 lines per pod) and the followed lines after it were
      // merged in time order. Compared as padded keys: RFC 3339 drops
      // trailing zeros of the fraction, so the raw strings do not sort in
      // time order.
      const keys = lines().map(
        l => parseTimedLine(`${l.timestamp} ${l.text}`).key,
      );
      expect(keys).toEqual([...keys].sort());
      // Each pod writes its own lines (the demo used to share one file).
      const podsOfText = new Map<string, Set<string>>();
      for (const l of lines()) {
        podsOfText.set(
          l.text,
          (podsOfText.get(l.text) ?? new Set()).add(l.pod),
        );
      }
      expect([...podsOfText.values()].filter(p => p.size > 1)).toEqual([]);
    } finally {
      controller.abort();
      await done;
    }
    expect(logs.openStreams()).toBe(0);
    expect(events.some(e => e.type === 'error')).toBe(false);
  });

  it('reads bounded tails with a text filter and previous logs', async () => {
    const collect = async (extra: object) => {
      const run = await logs.prepare(
        entity,
        credentials,
        { ...query, follow: false, ...extra },
        {},
      );
      const events: LogEvent[] = [];
      await run(takeAll(events), new AbortController().signal);
      return events;
    };
    const filtered = await collect({ tailLines: 300, filter: 'GET' });
    const lines = filtered.filter(e => e.type === 'line') as Array<{
      text: string;
      timestamp: string;
    }>;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every(l => l.text.toLowerCase().includes('get'))).toBe(true);
    expect(lines.map(l => l.timestamp)).toEqual(
      lines.map(l => l.timestamp).sort(),
    );
    expect(filtered.at(-1)).toEqual({
      type: 'end',
      reason: 'all log streams ended',
    });

    const previous = await collect({ previous: true, tailLines: 1 });
    expect(
      previous.filter(e => e.type === 'line').map(e => (e as any).text),
    ).toEqual(
      expect.arrayContaining([expect.stringContaining('out of memory')]),
    );
    expect(logs.openStreams()).toBe(0);
  });

  it('opens nothing for a client that left before the stream started, and closes at once for one that leaves right after', async () => {
    const run = await logs.prepare(entity, credentials, query, {});
    const read = logs.bytesRead();
    const gone = new AbortController();
    gone.abort();
    const events: LogEvent[] = [];
    await run(takeAll(events), gone.signal);
    expect(logs.openStreams()).toBe(0);
    expect(logs.bytesRead()).toBe(read);
    expect(events).toEqual([]);

    // Leaves while the upstream requests are being sent.
    const leaving = new AbortController();
    const done = run(takeAll(events), leaving.signal);
    expect(logs.openStreams()).toBeGreaterThanOrEqual(2);
    leaving.abort();
    await done;
    expect(logs.openStreams()).toBe(0);
  });

  it('stops reading upstream while the client is congested and goes on when it drains', async () => {
    // A tail longer than one read per stream: the demo backfills 400 lines
    // of a few hundred bytes per container.
    const run = await logs.prepare(
      entity,
      credentials,
      { ...query, follow: false, tailLines: 5000 },
      {},
    );
    const events: LogEvent[] = [];
    let congested = true;
    let drain!: () => void;
    const drained = new Promise<void>(resolve => {
      drain = resolve;
    });
    let waiting = 0;
    const slowClient: LogSink = {
      write: event => {
        events.push(event);
      },
      congested: () => congested,
      whenWritable: async () => {
        waiting += 1;
        await drained;
        waiting -= 1;
      },
    };
    const before = logs.bytesRead();
    const done = run(slowClient, new AbortController().signal);
    // Every stream took one read, saw the congestion and waits: from here
    // on nothing is read until the client drains.
    const streams = await eventually(
      () =>
        logs.openStreams() >= 2 && waiting === logs.openStreams() && waiting,
      20_000,
      'every stream to wait for the client',
    );
    const readWhileCongested = logs.bytesRead() - before;
    expect(readWhileCongested).toBeGreaterThan(0);
    expect(readWhileCongested).toBeLessThanOrEqual(streams * MAX_CHUNK);

    congested = false;
    drain();
    await done;
    expect(logs.openStreams()).toBe(0);
    const readInAll = logs.bytesRead() - before;
    expect(readInAll).toBeGreaterThan(2 * readWhileCongested);
    expect(events.at(-1)).toEqual({
      type: 'end',
      reason: 'all log streams ended',
    });
  });
});
