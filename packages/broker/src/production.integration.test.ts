import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * The broker image's contents without Docker: the broker's bundle staged by
 * the same function the root Dockerfile runs (scripts/production.sh stage … broker),
 * with production dependencies only, started as the image starts it.
 */

jest.setTimeout(600_000);

const repo = path.resolve(__dirname, '../../..');
let staged: string;
let broker: ChildProcess | undefined;
let output = '';
let url = '';
const auth = {
  username: 'paasport',
  password: crypto.randomBytes(18).toString('base64url'),
};
const headers = {
  Authorization: `Basic ${Buffer.from(
    `${auth.username}:${auth.password}`,
  ).toString('base64')}`,
  'X-Broker-API-Version': '2.17',
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

beforeAll(() => {
  staged = fs.mkdtempSync(path.join(os.tmpdir(), 'paasport-broker-'));
  const run = (args: string[]) =>
    execFileSync(args[0], args.slice(1), {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, NODE_ENV: undefined },
    });
  run(['yarn', 'workspace', 'broker', 'build']);
  run(['bash', 'scripts/production.sh', 'stage', staged, 'broker']);
});

afterAll(async () => {
  if (broker && broker.exitCode === null) {
    broker.kill('SIGKILL');
  }
  fs.rmSync(staged, { recursive: true, force: true });
});

describe('the broker as its image runs it', () => {
  it('holds production dependencies only', () => {
    const has = (name: string) =>
      fs.existsSync(path.join(staged, 'node_modules', name, 'package.json'));
    expect(has('knex')).toBe(true);
    expect(has('better-sqlite3')).toBe(true);
    // Build and test tools stay out of the image.
    expect(has('@backstage/cli')).toBe(false);
    expect(has('jest')).toBe(false);
    expect(has('typescript')).toBe(false);
  });

  it('serves the OSB catalog, answers errors without stack traces, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    broker = spawn('node', ['packages/broker'], {
      cwd: staged,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        BROKER_PORT: String(port),
        BROKER_USERNAME: auth.username,
        BROKER_PASSWORD: auth.password,
        BROKER_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
        BROKER_DATABASE_URL: `sqlite:${path.join(staged, 'broker.sqlite')}`,
      },
    });
    broker.stdout!.on('data', d => (output += d));
    broker.stderr!.on('data', d => (output += d));
    const deadline = Date.now() + 60_000;
    let catalog: Response | undefined;
    while (Date.now() < deadline && broker.exitCode === null) {
      catalog = await fetch(`${url}/v2/catalog`, { headers }).catch(
        () => undefined,
      );
      if (catalog) break;
      await new Promise(r => setTimeout(r, 500));
    }
    expect([catalog?.status, output.slice(-2000)]).toEqual([
      200,
      expect.anything(),
    ]);
    const { services } = (await catalog!.json()) as {
      services: Array<{ name: string }>;
    };
    expect(services.map(s => s.name).sort()).toEqual([
      'mysql-shared',
      'redis-shared',
    ]);

    const refused = await fetch(`${url}/v2/catalog`, {
      headers: { ...headers, 'X-Broker-API-Version': '1.0' },
    });
    expect(refused.status).toBe(412);
    const body = await refused.text();
    expect(body).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(body).not.toContain(staged);

    const exited = new Promise<number | null>(resolve =>
      broker!.once('exit', code => resolve(code)),
    );
    broker.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
