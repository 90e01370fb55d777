import { formatErrorRate } from '@paasport/plugin-paasport-react';
import { ServiceHealthRow, ERROR_RATE_ATTENTION } from './serviceHealth';

/**
 * Something about a service on a cluster that a developer should look at
 * now: a failed, stuck, degraded or paused rollout, one in progress, or an
 * error rate at or above {@link ERROR_RATE_ATTENTION}.
 *
 * @internal
 */
export interface AttentionItem {
  entityRef: string;
  cluster: string;
  workload: string;
  /** `failed` first, then `errors`, `degraded`, `paused`, `rolling out`. */
  severity: 'error' | 'warning' | 'info';
  what: string;
}

const ORDER = { error: 0, warning: 1, info: 2 };

/**
 * Everything in the rows that needs attention, worst first. A cluster that
 * did not answer is left out: the table says so where it belongs.
 *
 * @internal
 */
export function attentionItems(rows: ServiceHealthRow[]): AttentionItem[] {
  const items: AttentionItem[] = [];
  for (const row of rows) {
    for (const cell of row.cells) {
      if ('error' in cell) continue;
      for (const w of cell.workloads) {
        const at = {
          entityRef: row.entityRef,
          cluster: cell.cluster,
          workload: w.name,
        };
        const release = w.versions.length ? ` (${w.versions.join(', ')})` : '';
        switch (w.state) {
          case 'failed':
            items.push({
              ...at,
              severity: 'error',
              what: `rollout failed${release}`,
            });
            break;
          case 'degraded':
            items.push({
              ...at,
              severity: 'warning',
              what: `${w.ready} of ${w.desired} pods ready${release}`,
            });
            break;
          case 'paused':
            items.push({
              ...at,
              severity: 'warning',
              what: `rollout paused${release}`,
            });
            break;
          case 'rolling out':
            items.push({
              ...at,
              severity: 'info',
              what: `rolling out${release}`,
            });
            break;
          default:
            break;
        }
        const errorRate = w.signals?.errorRate;
        if (
          errorRate !== null &&
          errorRate !== undefined &&
          errorRate >= ERROR_RATE_ATTENTION
        ) {
          items.push({
            ...at,
            severity: 'error',
            what: `${formatErrorRate(errorRate)} of requests fail${release}`,
          });
        }
      }
    }
  }
  return items.sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
}
