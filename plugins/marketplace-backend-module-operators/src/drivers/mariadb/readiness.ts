import { KubeObject } from '../../kube/types';
import {
  conditionText,
  findCondition,
  readConditions,
} from '../../status/conditions';
import { failed, pending, ready, Readiness } from '../../status/readiness';

/**
 * Reasons after which mariadb-operator stops trying on its own: a SQL
 * statement or a Job that failed. `StatefulSetNotReady`, `Initializing`,
 * `Provisioning` and the like are steps on the way.
 */
const FAILED_REASONS = new Set(['Failed', 'JobFailed', 'RestoreFailed']);

/**
 * Readiness of a mariadb-operator resource (MariaDB, Database, User, Grant).
 *
 * @remarks
 * The operator writes `metav1.Condition`s: `Ready` True once reconciled,
 * False with a reason while working or after an error. Conditions that name
 * an older `observedGeneration` describe a previous spec and do not count.
 */
export function mariaDbReadiness(
  object: KubeObject | undefined,
  what: string,
): Readiness {
  if (!object) return pending(`${what} does not exist yet`);
  const { conditions, problem } = readConditions(object);
  if (problem && conditions.length === 0) {
    return pending(`${what} has an unreadable status (${problem})`);
  }
  const condition = findCondition(conditions, 'Ready');
  if (!condition)
    return pending(`Waiting for mariadb-operator to reconcile ${what}`);
  const generation = object.metadata.generation;
  if (
    condition.observedGeneration !== undefined &&
    generation !== undefined &&
    condition.observedGeneration !== generation
  ) {
    return pending(
      `Waiting for mariadb-operator to reconcile the change of ${what}`,
    );
  }
  const text = conditionText(condition);
  if (condition.status === 'True') return ready(`${what} is ready`);
  if (
    condition.status === 'False' &&
    FAILED_REASONS.has(condition.reason ?? '')
  ) {
    return failed(`${what}: ${text || 'failed'}`);
  }
  return pending(`${what}: ${text || 'not ready'}`);
}
