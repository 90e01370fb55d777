import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names this backend process in the ledger, in undo claims and in their
 * history: the host (a pod's name) tells people which replica ran a task or
 * stopped mid-undo, the random part tells processes apart (a restarted pod
 * keeps its name but is not the process that held the claim). Fits the 128
 * characters of the columns that hold it.
 *
 * @public
 */
export function replicaName(): string {
  const host = hostname()
    .replace(/[^A-Za-z0-9.-]/g, '')
    .slice(0, 64);
  return `scaffolder@${host || 'unknown'}#${randomBytes(6).toString('hex')}`;
}
