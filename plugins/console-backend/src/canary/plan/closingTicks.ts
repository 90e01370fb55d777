import { CanarySpec } from './canarySpec';
import {
  CanaryObservation,
  CanaryState,
  CanaryTransition,
} from './canaryState';
import { releaseAutoscalerFirst } from './autoscalerTicks';
import { observedTracks, transition } from './canaryTransitions';
import { nextScaling, replicasForWeight } from './replicaSplit';
import { interruption, waitForPods } from './stepTicks';

// The ticks that end a canary: promotion and abort.

/**
 * Promotes: every replica to the canary, the stable takes the canary's
 * template, the stable takes the replicas back, the canary goes.
 *
 * @internal
 */
export function promotingTick(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  const template = observed.stable.template;
  const tracks = observedTracks(observed);
  // Once the stable has had the canary's template the release is live and
  // the stable is the team's again: a later change to it is theirs to keep,
  // so only the replicas move back.
  if (template === state.canaryTemplate || state.templatePromoted) {
    if (!state.templatePromoted) {
      const message =
        'the stable Deployment has the new template; moving replicas back to it';
      return transition(state, now, { templatePromoted: true, message }, [
        { kind: 'promoted', message },
      ]);
    }
    // Stable up first, then the canary down, then the canary goes.
    const move = nextScaling(
      tracks,
      replicasForWeight(state.originalReplicas, 0),
      observed.bounds,
    );
    if (move === null)
      return (
        releaseAutoscalerFirst(state, now, observed) ??
        finish(
          state,
          now,
          'succeeded',
          'promoted: the stable Deployment runs the new template',
        )
      );
    if ('wait' in move)
      return {
        state: { ...state, message: `promoting: ${move.wait}` },
        actions: [],
      };
    return {
      state: {
        ...state,
        message: `promoting: scaling the ${move.deployment} Deployment to ${move.replicas}`,
      },
      actions: [{ type: 'scale', ...move }],
    };
  }
  const stopped = interruption(state, now, observed);
  if (stopped) return stopped;
  // The template is swapped while the stable has no pods, so the swap
  // starts none and every pod moves under the canary's bounds.
  const move = nextScaling(
    tracks,
    replicasForWeight(state.originalReplicas, 100),
    observed.bounds,
  );
  if (move === null) {
    return {
      state: {
        ...state,
        message: 'promoting: the stable Deployment takes the new template',
      },
      actions: [
        { type: 'promote', expectStableTemplate: state.stableTemplate },
      ],
    };
  }
  if ('wait' in move)
    return waitForPods(spec, state, now, `promoting: ${move.wait}`);
  return {
    state: {
      ...state,
      message: `promoting: scaling the ${move.deployment} Deployment to ${move.replicas}`,
    },
    actions: [{ type: 'scale', ...move }],
  };
}

/**
 * Aborts: the stable back to its original replicas first, then the canary
 * to 0, then the canary goes. The stable's template is not touched.
 *
 * @internal
 */
export function abortingTick(
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  const move = nextScaling(
    observedTracks(observed),
    replicasForWeight(state.originalReplicas, 0),
    observed.bounds,
  );
  if (move === null) {
    const release = releaseAutoscalerFirst(state, now, observed);
    if (release) return release;
    // An abort accepted while the promotion's template swap was on its way
    // finds the release live: say so rather than call it aborted.
    return observed.stable.template === state.canaryTemplate
      ? finish(
          state,
          now,
          'succeeded',
          'the abort came after the stable Deployment had taken the new template, so the release is live; roll back to undo it',
        )
      : finish(
          state,
          now,
          'aborted',
          `aborted (${state.abortReason}): the stable Deployment is back to its replicas and template, the canary is removed`,
        );
  }
  if ('wait' in move)
    return {
      state: { ...state, message: `aborting: ${move.wait}` },
      actions: [],
    };
  return {
    state: {
      ...state,
      message: `aborting: scaling the ${move.deployment} Deployment to ${move.replicas}`,
    },
    actions: [{ type: 'scale', ...move }],
  };
}

function finish(
  state: CanaryState,
  now: Date,
  phase: 'succeeded' | 'aborted',
  message: string,
): CanaryTransition {
  const done = transition(
    state,
    now,
    { phase, message, endedAt: now.toISOString() },
    [{ kind: phase, message }],
  );
  return {
    state: done.state,
    actions: [{ type: 'deleteCanary' }, ...done.actions],
  };
}
