import { DecommissionRun } from '@paasport/plugin-decommission-common';
import { StoredRun } from '../../database/rows';

/** How many items of a run are in each state. @internal */
export function summarize(
  run: Pick<StoredRun, 'items'>,
): DecommissionRun['summary'] {
  const summary = { pending: 0, done: 0, failed: 0, skipped: 0 };
  for (const item of run.items) summary[item.status]++;
  return summary;
}
