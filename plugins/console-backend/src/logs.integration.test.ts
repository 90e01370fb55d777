import { LogEvent } from '@paasport/plugin-console-common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  AuditRecord,
  component,
  startConsoleBackend,
} from './__testUtils__/backend';

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

  it('returns a bounded tail as NDJSON and audits the read as sensitive', async () => {
    const res = await request(server).get(`${path}&tailLines=4`);
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
    const { port } = server.address() as AddressInfo;
    const events: LogEvent[] = [];
    const since = new Date().toISOString();
    await new Promise<void>((resolve, reject) => {
      const req = http.get(
        `http://127.0.0.1:${port}${path}&follow=true&tailLines=0`,
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
    expect(lines.every(l => l.timestamp >= since.slice(0, 19))).toBe(true);
  });

  it('rejects invalid queries and unknown workloads before streaming', async () => {
    const invalid = await request(server).get(`${path}&tailLines=-1`);
    expect(invalid.status).toBe(400);
    const unknown = await request(server).get(
      '/api/console/entities/component/default/shop-api/logs?cluster=dev&workload=shop-web',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /No Deployment shop-web of this entity in cluster dev/,
    );
  });
});
