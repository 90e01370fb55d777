import { CanarySummary } from '@paasport/plugin-console-common';
import { isCanaryRunning } from './canaryText';

/**
 * A Component's canaries as the Releases tab has them: `undefined` until
 * the first answer, so "no canary runs" is never claimed before it is known.
 *
 * @internal
 */
export type LoadedCanaries = CanarySummary[] | undefined;

/** What concerns one Deployment of the list. @internal */
export interface CanariesOfWorkload {
  /** The canary running for it. */
  running?: CanarySummary;
  /** The canary whose Deployment it is (`<name>-canary`). */
  canaryOf?: CanarySummary;
  /** Its finished canaries, newest first as the backend lists them. */
  past: CanarySummary[];
  loading: boolean;
}

/**
 * Picks one Deployment's canaries out of the Component's list by cluster,
 * namespace and name.
 *
 * @internal
 */
export function canariesOfWorkload(
  canaries: LoadedCanaries,
  workload: { cluster: string; namespace: string; name: string },
): CanariesOfWorkload {
  const here = (canaries ?? []).filter(
    c => c.cluster === workload.cluster && c.namespace === workload.namespace,
  );
  const running = here.filter(isCanaryRunning);
  return {
    running: running.find(c => c.name === workload.name),
    canaryOf: running.find(c => c.canaryName === workload.name),
    past: here.filter(c => c.name === workload.name && !isCanaryRunning(c)),
    loading: canaries === undefined,
  };
}
