import { Config } from '@backstage/config';
import { PipelineGrantRoles } from './services/kubernetes/pipelineGrants';

/**
 * `decommission.*`, in milliseconds, and the pipeline grants Paasport's
 * scaffolder makes.
 *
 * @internal
 */
export interface DecommissionConfig {
  goneWaitMs: number;
  middlewareWaitMs: number;
  interruptedAfterMs: number;
  /** `decommission.worker.leaseSeconds`: how long a worker's lease on a run lasts. */
  workerLeaseMs: number;
  /**
   * The roles `paasport:tekton:pipeline` grants a pipeline's account
   * (`paasport.scaffolder.tekton.eventListenerRoles`,
   * `paasport.tenancy.teamRole`): the only bindings decommission removes.
   */
  grantRoles: PipelineGrantRoles;
}

/**
 * Reads `decommission.*`; throws naming the key when a value is not a
 * positive number.
 *
 * @internal
 */
export function readDecommissionConfig(config: Config): DecommissionConfig {
  const seconds = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`decommission.${key}`) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `decommission.${key} must be a positive number of seconds`,
      );
    }
    return value * 1000;
  };
  return {
    goneWaitMs: seconds('goneWaitSeconds', 60),
    middlewareWaitMs: seconds('middlewareWaitSeconds', 60),
    interruptedAfterMs: seconds('interruptedAfterSeconds', 300),
    workerLeaseMs: seconds('worker.leaseSeconds', 15),
    grantRoles: {
      namespaced: [
        config.getOptionalString(
          'paasport.scaffolder.tekton.eventListenerRoles.namespaced',
        ) ?? 'tekton-triggers-eventlistener-roles',
        config.getOptionalString('paasport.tenancy.teamRole') ??
          'paasport-team',
      ],
      cluster:
        config.getOptionalString(
          'paasport.scaffolder.tekton.eventListenerRoles.cluster',
        ) ?? 'tekton-triggers-eventlistener-clusterroles',
    },
  };
}
