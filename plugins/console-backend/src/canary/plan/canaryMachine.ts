import { ConflictError } from '@backstage/errors';
import { applyPersonAction, applyVerdict } from './canaryDecisions';
import { CanarySpec } from './canarySpec';
import {
  CanaryAction,
  CanaryInput,
  CanaryObservation,
  CanaryState,
  CanaryTransition,
  isTerminal,
} from './canaryState';
import { holdAutoscalerFirst } from './autoscalerTicks';
import { abortingTick, promotingTick } from './closingTicks';
import { analysingTick, pausedTick, scalingTick } from './stepTicks';

// A tick follows transitions that only record (a timer ran out, a step was
// reached) within the same tick, so a canary does not lose a scheduler
// interval at each of them; it stops at the first action that changes the
// cluster, after which the observation is stale. The bound only guards
// against a loop.
const MAX_TRANSITIONS_PER_TICK = 6;

/**
 * The canary's lifecycle as a pure reducer: the stored state and one input
 * give the next state and the actions the caller carries out (see
 * {@link CanaryAction}). Invalid inputs (resume when not paused, anything
 * once terminal, a verdict for another step) throw a `ConflictError` that
 * says why.
 *
 * The caller ticks each running canary with a fresh observation, executes
 * the returned actions in order and saves the state; as every action is
 * absolute, a crash between the two is repaired by ticking the stored state
 * again.
 *
 * @internal
 */
export function advanceCanary(
  spec: CanarySpec,
  state: CanaryState,
  input: CanaryInput,
): CanaryTransition {
  if (isTerminal(state.phase)) {
    throw new ConflictError(
      `this canary has already ${
        state.phase === 'succeeded' ? 'succeeded' : 'been aborted'
      }; it takes no further ${input.type}`,
    );
  }
  if (input.type === 'tick')
    return tick(spec, state, input.now, input.observed);
  if (input.type === 'verdict') return applyVerdict(spec, state, input);
  return applyPersonAction(spec, state, input);
}

function tick(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  let current = state;
  const actions: CanaryAction[] = [];
  for (let i = 0; i < MAX_TRANSITIONS_PER_TICK; i++) {
    const result = tickOnce(spec, current, now, observed);
    actions.push(...result.actions);
    const moved = result.state.sequence !== current.sequence;
    current = result.state;
    const touchesCluster = result.actions.some(a => a.type !== 'record');
    if (!moved || touchesCluster || isTerminal(current.phase)) break;
  }
  return { state: current, actions };
}

function tickOnce(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  const hold = holdAutoscalerFirst(state, now, observed);
  if (hold) return hold;
  switch (state.phase) {
    case 'scaling':
      return scalingTick(spec, state, now, observed);
    case 'paused':
      return pausedTick(spec, state, now, observed);
    case 'analysing':
      return analysingTick(spec, state, now, observed);
    case 'promoting':
      return promotingTick(spec, state, now, observed);
    default:
      return abortingTick(state, now, observed);
  }
}
