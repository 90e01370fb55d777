import {
  CanaryObservation,
  CanaryState,
  CanaryTransition,
} from './canaryState';
import { transition } from './canaryTransitions';

// The stable Deployment's HorizontalPodAutoscaler, if it has one: held
// before the canary first moves the stable's replicas, given back once the
// stable has all of them again. Without the hold the autoscaler would scale
// the stable back up to its minReplicas and the canary would undo that, on
// and on.

/**
 * Holds the autoscaler before anything else happens on the way forward;
 * `undefined` when there is none, it is gone, it is held, or the canary is
 * already on its way out (a promotion or abort never takes a hold).
 *
 * @internal
 */
export function holdAutoscalerFirst(
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition | undefined {
  if (!state.autoscaler || !observed.autoscaler || observed.autoscaler.held) {
    return undefined;
  }
  if (state.phase === 'promoting' || state.phase === 'aborting') {
    return undefined;
  }
  const message = `holding HorizontalPodAutoscaler ${state.autoscaler} (minReplicas 1, no scaling) while the canary moves the stable Deployment's replicas`;
  const held = transition(state, now, { message }, [
    { kind: 'autoscalerHeld', message },
  ]);
  return {
    state: held.state,
    actions: [{ type: 'holdAutoscaler' }, ...held.actions],
  };
}

/**
 * Gives the autoscaler its settings back before the canary ends;
 * `undefined` when this canary does not hold it (any more).
 *
 * @internal
 */
export function releaseAutoscalerFirst(
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition | undefined {
  if (!state.autoscaler || !observed.autoscaler?.held) return undefined;
  const message = `giving HorizontalPodAutoscaler ${state.autoscaler} its own settings back`;
  const released = transition(state, now, { message }, [
    { kind: 'autoscalerReleased', message },
  ]);
  return {
    state: released.state,
    actions: [{ type: 'releaseAutoscaler' }, ...released.actions],
  };
}
