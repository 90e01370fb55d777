import { KubeObject } from '../../kube/types';
import {
  conditionText,
  findCondition,
  isObserved,
  readConditions,
  statusField,
  statusNumber,
} from '../../status/conditions';
import { failed, pending, ready, Readiness } from '../../status/readiness';

/**
 * Reasons Strimzi gives for resources it will never reconcile as they are
 * (the exception class of the failed validation). Everything else, e.g.
 * `TimeoutException` while pods start, heals on a later reconcile.
 */
const PERMANENT_REASON = /Invalid|Unsupported|Forbidden/;

/**
 * Readiness of any Strimzi custom resource (Kafka, KafkaTopic, KafkaUser).
 *
 * @remarks
 * Strimzi's convention: a `Ready` condition that counts only when
 * `status.observedGeneration` equals `metadata.generation`; errors appear as
 * `Ready=False` or `NotReady=True` with the exception as the reason.
 */
export function strimziReadiness(
  object: KubeObject | undefined,
  what: string,
): Readiness {
  if (!object) return pending(`${what} does not exist yet`);
  const { conditions, problem } = readConditions(object);
  if (problem && conditions.length === 0) {
    return pending(`${what} has an unreadable status (${problem})`);
  }
  if (!isObserved(object)) {
    const observed = statusNumber(object, 'observedGeneration');
    return pending(
      observed === undefined
        ? `Waiting for Strimzi to reconcile ${what}`
        : `Waiting for Strimzi to reconcile ${what} (generation ${object.metadata.generation}, observed ${observed})`,
    );
  }
  const readyCondition = findCondition(conditions, 'Ready');
  if (readyCondition?.status === 'True') return ready(`${what} is ready`);
  const error =
    (readyCondition?.status === 'False' ? readyCondition : undefined) ??
    conditions.find(c => c.type === 'NotReady' && c.status === 'True');
  if (error) {
    const text = conditionText(error) || 'not ready';
    return PERMANENT_REASON.test(error.reason ?? '')
      ? failed(`${what}: ${text}`)
      : pending(`${what}: ${text}`);
  }
  return pending(`${what} is not ready yet`);
}

/** `host:port,…` of a listener from `status.listeners`, if reported. */
export function bootstrapServers(
  kafka: KubeObject | undefined,
  listener: string,
): string | undefined {
  const listeners = statusField(kafka, 'listeners');
  if (!Array.isArray(listeners)) return undefined;
  for (const entry of listeners) {
    if (!entry || typeof entry !== 'object') continue;
    // v1beta2 operators before 0.30 wrote `type` instead of `name`.
    const {
      name,
      type,
      bootstrapServers: servers,
    } = entry as Record<string, unknown>;
    if ((name ?? type) !== listener) continue;
    if (
      typeof servers === 'string' &&
      /^[^\s,]+:\d+(,[^\s,]+:\d+)*$/.test(servers)
    ) {
      return servers;
    }
  }
  return undefined;
}

/**
 * A ready Kafka must also say where to connect: Strimzi reports Ready only
 * after writing the listeners, so a Ready Kafka without them is broken.
 */
export function kafkaReadiness(
  kafka: KubeObject | undefined,
  listener: string,
  what: string,
): Readiness {
  const base = strimziReadiness(kafka, what);
  if (base.state !== 'ready') return base;
  const servers = bootstrapServers(kafka, listener);
  return servers
    ? ready(`${what} is ready at ${servers}`)
    : failed(
        `${what} reports Ready but no bootstrap address for listener '${listener}' in status.listeners`,
      );
}
