import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this backend process where it claims work (leases) and in the
 * histories that tell who did what: `<role>@<host>#<random>`. The host (a
 * pod's name on Kubernetes) tells people which replica stopped; the random
 * part tells processes apart, since a restarted pod keeps its name but is not
 * the process that held the lease. At most 64 characters.
 *
 * @public
 */
export function workerName(role: string): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9.-]/g, '')
    .slice(0, 32);
  return `${role.slice(0, 16)}@${host || 'unknown'}#${randomBytes(6).toString(
    'hex',
  )}`;
}
