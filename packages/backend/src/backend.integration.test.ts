import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/*
 * Boots the real backend (packages/backend) against the running PostgreSQL, the
 * way production runs it, and checks that the catalog loads and that the
 * permission policy allows owners and denies everyone else.
 */

const port = 7117;
const baseUrl = `http://localhost:${port}`;
const prefix = `paasport_it_${process.pid}_`;
const pg = {
  host: '127.0.0.1',
  port: 5432,
  user: 'postgres',
  database: 'postgres',
};

let backend: ChildProcess;
let output = '';

async function dropTestDatabases() {
  const client = new Client(pg);
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
    return rows.map(r => r.datname as string);
  } finally {
    await client.end();
  }
}

async function waitForReady(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.exitCode !== null) break;
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`backend did not become ready:\n${output.slice(-4000)}`);
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

async function entityUid(token: string, ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (res.ok) return (await res.json()).metadata.uid as string;
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${ref} never appeared in the catalog`);
}

beforeAll(async () => {
  await dropTestDatabases();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-backend-'));
  const config = path.join(dir, 'app-config.pg.yaml');
  fs.writeFileSync(
    config,
    JSON.stringify({
      backend: {
        baseUrl,
        listen: { port },
        database: {
          client: 'pg',
          connection: { host: pg.host, port: pg.port, user: pg.user },
          prefix,
          pluginDivisionMode: 'database',
        },
      },
    }),
  );
  const root = path.resolve(__dirname, '../../..');
  backend = spawn(
    path.join(root, 'node_modules/.bin/backstage-cli'),
    [
      'package',
      'start',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      config,
    ],
    {
      cwd: path.resolve(__dirname, '..'),
      detached: true,
      env: { ...process.env, NODE_ENV: 'development' },
    },
  );
  backend.stdout!.on('data', d => (output += d));
  backend.stderr!.on('data', d => (output += d));
  await waitForReady(180_000);
}, 200_000);

afterAll(async () => {
  if (backend?.pid) {
    process.kill(-backend.pid, 'SIGTERM');
    await new Promise(r => backend.once('exit', r));
  }
  await dropTestDatabases();
}, 60_000);

describe('the backend on PostgreSQL', () => {
  it('keeps each plugin in its own database', async () => {
    const client = new Client(pg);
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    await client.end();
    const names = rows.map(r => r.datname);
    expect(names).toEqual(
      expect.arrayContaining([`${prefix}catalog`, `${prefix}auth`]),
    );
  });

  it('loads the demo catalog', async () => {
    const token = await guestToken();
    expect(await entityUid(token, 'system:default/shop')).toBeTruthy();
    expect(await entityUid(token, 'group:default/admins')).toBeTruthy();
  }, 90_000);

  it('lets the guest delete what its team owns and nothing else', async () => {
    const token = await guestToken();
    const theirs = await entityUid(token, 'component:default/payments-ledger');
    const denied = await fetch(
      `${baseUrl}/api/catalog/entities/by-uid/${theirs}`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(denied.status).toBe(403);
    expect(await entityUid(token, 'component:default/payments-ledger')).toBe(
      theirs,
    );

    const ours = await entityUid(token, 'component:default/shop-worker');
    const allowed = await fetch(
      `${baseUrl}/api/catalog/entities/by-uid/${ours}`,
      {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(allowed.status).toBe(204);
  }, 120_000);

  it('serves the Paasport console and marketplace', async () => {
    const token = await guestToken();
    const headers = { Authorization: `Bearer ${token}` };
    const clusters = await fetch(`${baseUrl}/api/console/clusters`, {
      headers,
    });
    expect(clusters.status).toBe(200);
    const offerings = await fetch(`${baseUrl}/api/marketplace/offerings`, {
      headers,
    });
    expect(offerings.status).toBe(200);
    expect(JSON.stringify(await offerings.json())).toMatch(/mysql/i);
  });

  it('refuses anonymous mutations', async () => {
    const res = await fetch(`${baseUrl}/api/catalog/locations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        type: 'url',
        target: 'https://example.com/x.yaml',
      }),
    });
    expect(res.status).toBe(401);
  });
});
