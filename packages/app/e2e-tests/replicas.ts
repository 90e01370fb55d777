import { expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/*
 * The replicas of the production portal the browser suite runs on
 * (scripts/serve-production.sh): replica i listens on 7100 + i, nginx balances
 * them on 7100, and a supervisor starts a replica again when it dies.
 */

const root = path.resolve(__dirname, '../../..');
const logs =
  process.env.PAASPORT_PRODUCTION_LOGS ??
  path.join(root, '.paasport-data/production-logs');

/** The URL of replica `index` itself, past the load balancer. */
export function replicaUrl(index: number): string {
  return `http://localhost:${7100 + index}`;
}

/** The pid of replica `index`'s backend process. */
export function replicaPid(index: number): number {
  const file = path.join(logs, `replica-${index}.pid`);
  if (!fs.existsSync(file)) {
    throw new Error(
      `no ${file}: the browser tests run on the production portal with two replicas (./paasport test, or PAASPORT_REPLICAS=2 ./paasport production)`,
    );
  }
  return Number(fs.readFileSync(file, 'utf8').trim());
}

/** Kills replica `index` at once, as a node failure or OOM kill would. */
export function killReplica(index: number): number {
  const pid = replicaPid(index);
  process.kill(pid, 'SIGKILL');
  return pid;
}

/** Waits until the supervisor has started replica `index` again and it is ready. */
export async function replicaBack(index: number, killedPid: number) {
  await expect(async () => {
    expect(replicaPid(index)).not.toBe(killedPid);
    const res = await fetch(
      `${replicaUrl(index)}/.backstage/health/v1/readiness`,
    );
    expect(res.status).toBe(200);
  }).toPass({ timeout: 180_000, intervals: [1_000] });
}

/** A guest's token from `base` (any replica, or the load balancer). */
export async function guestToken(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.status).toBe(200);
  return (await res.json()).backstageIdentity.token;
}
