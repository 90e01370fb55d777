import { CanarySpec } from './canarySpec';
import {
  CanaryObservation,
  CanaryState,
  CanaryTransition,
} from './canaryState';
import {
  abortCanary,
  observedTracks,
  pauseCanary,
  pauseForStableChange,
  resumeChanges,
  secondsLater,
  secondsSince,
  stepLabel,
  stepTarget,
  transition,
} from './canaryTransitions';
import { nextScaling } from './replicaSplit';

// The ticks of a canary going through its steps: scaling to a step's
// weight, soaking, asking for the analysis.

/**
 * Moves replicas to the current step's weight; once there, the step's soak
 * (or gate) begins.
 *
 * @internal
 */
export function scalingTick(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  return (
    interruption(state, now, observed) ?? scale(spec, state, now, observed)
  );
}

/**
 * Asks for the current step's analysis, on every tick until a verdict
 * arrives: the caller answers within the tick, and one that could not is
 * asked again.
 *
 * @internal
 */
export function analysingTick(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  return (
    interruption(state, now, observed) ??
    drift(spec, state, now, observed) ?? {
      state: {
        ...state,
        message: `${stepLabel(spec, state.stepIndex)}: analysing`,
      },
      actions: [
        {
          type: 'runAnalysis',
          stepIndex: state.stepIndex,
          weight: spec.steps[state.stepIndex].weight,
        },
      ],
    }
  );
}

/**
 * What stops a step from going on: a deleted canary or a changed stable.
 *
 * @internal
 */
export function interruption(
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition | undefined {
  if (observed.canary === null) {
    return abortCanary(
      state,
      now,
      'the canary Deployment was deleted outside the canary; returning the stable Deployment to its replicas',
    );
  }
  if (observed.stable.template !== state.stableTemplate) {
    return pauseForStableChange(state, now, observed.stable.template);
  }
  return undefined;
}

/**
 * Replicas moved by someone else while the step soaks or is analysed: the
 * analysis would judge another weight, so the step starts over.
 */
function drift(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition | undefined {
  const target = stepTarget(spec, state);
  const tracks = observedTracks(observed);
  if (
    tracks.canary.desired === target.canary &&
    tracks.stable.desired === target.stable
  ) {
    return undefined;
  }
  const message = `${stepLabel(
    spec,
    state.stepIndex,
  )}: replicas were changed outside the canary; restoring them and starting the step again`;
  return transition(
    state,
    now,
    { phase: 'scaling', stepStartedAt: now.toISOString(), message },
    [{ kind: 'replicasRestored', message }],
  );
}

function scale(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  const label = stepLabel(spec, state.stepIndex);
  const move = nextScaling(
    observedTracks(observed),
    stepTarget(spec, state),
    observed.bounds,
  );
  if (move === null) return stepReached(spec, state, now);
  if ('wait' in move)
    return waitForPods(spec, state, now, `${label}: ${move.wait}`);
  return {
    state: {
      ...state,
      message: `${label}: scaling the ${move.deployment} Deployment to ${move.replicas}`,
    },
    actions: [{ type: 'scale', ...move }],
  };
}

/**
 * Waits, unless the step has run past its progress deadline.
 *
 * @internal
 */
export function waitForPods(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  message: string,
): CanaryTransition {
  const deadline = spec.progressDeadlineSeconds;
  if (secondsSince(state.stepStartedAt, now) > deadline) {
    return abortCanary(
      state,
      now,
      `${message}; not ready within ${deadline} s, so aborting`,
    );
  }
  return { state: { ...state, message }, actions: [] };
}

function stepReached(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
): CanaryTransition {
  const label = stepLabel(spec, state.stepIndex);
  const step = spec.steps[state.stepIndex];
  const reached = { kind: 'stepReached' as const, message: `${label} reached` };
  const pause = step.pause;
  if (state.stepIndex === spec.steps.length - 1) {
    if (!pause) {
      return transition(
        state,
        now,
        { ...resumeChanges(spec, state, 'promoting', now) },
        [reached],
      );
    }
    if ('untilResumed' in pause) {
      return pauseCanary(
        state,
        now,
        {
          kind: 'gate',
          reason: `${label}: all traffic on the canary; resume to promote it, or abort`,
          resumeTo: 'promoting',
        },
        { kind: 'stepReached' },
      );
    }
    const until = secondsLater(now, pause.seconds);
    return pauseCanary(
      state,
      now,
      {
        kind: 'step',
        reason: `${label}: all traffic on the canary until ${until}, then promotion`,
        until,
        resumeTo: 'promoting',
      },
      { kind: 'stepReached' },
    );
  }
  // The analysis judges a window of data at this weight, so the step lasts
  // at least that window, however short its own pause.
  const soak = Math.max(
    pause && 'seconds' in pause ? pause.seconds : 0,
    spec.analysis.windowSeconds,
  );
  const until = secondsLater(now, soak);
  return pauseCanary(
    state,
    now,
    {
      kind: 'step',
      reason: `${label} runs until ${until}, then is analysed`,
      until,
      resumeTo: 'analysing',
    },
    { kind: 'stepReached' },
  );
}

/**
 * Ends a timed pause when its time comes; a pause for a person only
 * watches for a deleted canary or a changed stable.
 *
 * @internal
 */
export function pausedTick(
  spec: CanarySpec,
  state: CanaryState,
  now: Date,
  observed: CanaryObservation,
): CanaryTransition {
  const pause = state.pause!;
  if (pause.kind === 'stableChanged') {
    if (observed.canary === null) return interruption(state, now, observed)!;
    // Keep the latest template seen: a resume accepts what the stable has.
    const latest = observed.stable.template;
    return latest === pause.stableTemplate
      ? { state, actions: [] }
      : {
          state: { ...state, pause: { ...pause, stableTemplate: latest } },
          actions: [],
        };
  }
  const stopped = interruption(state, now, observed);
  if (stopped) return stopped;
  if (pause.until === undefined) return { state, actions: [] };
  const drifted = drift(spec, state, now, observed);
  if (drifted) return drifted;
  if (Date.parse(pause.until) > now.getTime()) return { state, actions: [] };
  return transition(
    state,
    now,
    resumeChanges(spec, state, pause.resumeTo, now),
  );
}
