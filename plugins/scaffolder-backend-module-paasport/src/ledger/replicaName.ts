import { workerName } from '@paasport/plugin-paasport-node';

/**
 * Names this backend process in the ledger, in undo claims and in their
 * history (paasport-node's workerName): the host tells people which replica
 * ran a task or stopped mid-undo, the random part tells processes apart.
 *
 * @public
 */
export function replicaName(): string {
  return workerName('scaffolder');
}
