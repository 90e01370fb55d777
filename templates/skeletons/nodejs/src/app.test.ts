import assert from 'node:assert/strict';
import { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createApp, Lifecycle } from './app';
import { createMetrics } from './metrics';

const lifecycle: Lifecycle = { ready: true };
const server = createApp(createMetrics(), lifecycle).listen(0);
let base = '';

before(() => {
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
});

test('liveness and readiness', async () => {
  assert.equal((await fetch(`${base}/healthz/live`)).status, 200);
  assert.equal((await fetch(`${base}/healthz/ready`)).status, 200);
  lifecycle.ready = false;
  assert.equal((await fetch(`${base}/healthz/ready`)).status, 503);
  lifecycle.ready = true;
});

test('counts requests in Prometheus format', async () => {
  await fetch(`${base}/`);
  const body = await (await fetch(`${base}/metrics`)).text();
  assert.match(
    body,
    /http_requests_total\{method="GET",route="\/",status="200"\} 1/,
  );
  assert.match(body, /process_cpu_seconds_total/);
});
