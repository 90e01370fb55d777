import { CanarySpec } from './canarySpec';
import {
  CanaryEventKind,
  CanaryObservation,
  CanaryPause,
  CanaryState,
  CanaryTransition,
} from './canaryState';
import { replicasForWeight, ReplicaSplit, TrackReplicas } from './replicaSplit';

// Helpers shared by the tick and by the decisions (verdicts, person
// actions): every change of phase goes through `transition`, so each bumps
// the sequence and records under keys derived from it.

/**
 * An event to record with a transition; key, time and step are added.
 *
 * @internal
 */
export interface EventDraft {
  kind: CanaryEventKind;
  message: string;
  by?: string;
  verdictId?: string;
}

/**
 * "step 2 of 4 (25 %)", as messages name a step.
 *
 * @internal
 */
export function stepLabel(spec: CanarySpec, stepIndex: number): string {
  const weight = spec.steps[stepIndex].weight;
  return `step ${stepIndex + 1} of ${spec.steps.length} (${weight} %)`;
}

/**
 * The replicas per track the current step asks for.
 *
 * @internal
 */
export function stepTarget(spec: CanarySpec, state: CanaryState): ReplicaSplit {
  return replicasForWeight(
    state.originalReplicas,
    spec.steps[state.stepIndex].weight,
  );
}

/**
 * A missing canary Deployment counts as one with no pods.
 *
 * @internal
 */
export function observedTracks(observed: CanaryObservation): {
  canary: TrackReplicas;
  stable: TrackReplicas;
} {
  return {
    canary: observed.canary ?? { desired: 0, ready: 0 },
    stable: observed.stable,
  };
}

/** @internal */
export function secondsSince(iso: string, now: Date): number {
  return (now.getTime() - Date.parse(iso)) / 1000;
}

/** @internal */
export function secondsLater(now: Date, seconds: number): string {
  return new Date(now.getTime() + seconds * 1000).toISOString();
}

/**
 * Moves to a new state, bumping the sequence and recording `events`.
 *
 * @internal
 */
export function transition(
  state: CanaryState,
  now: Date,
  changes: Partial<CanaryState>,
  events: EventDraft[] = [],
): CanaryTransition {
  const sequence = state.sequence + 1;
  const next: CanaryState = { ...state, ...changes, sequence };
  if (next.phase !== 'paused') delete next.pause;
  return {
    state: next,
    actions: events.map(({ by, verdictId, ...event }) => ({
      type: 'record',
      event: {
        key: `${sequence}:${event.kind}`,
        at: now.toISOString(),
        stepIndex: next.stepIndex,
        ...event,
        // Left out rather than undefined: the event is stored as JSON.
        ...(by !== undefined && { by }),
        ...(verdictId !== undefined && { verdictId }),
      },
    })),
  };
}

/**
 * Starts returning the stable Deployment to its original replicas.
 *
 * @internal
 */
export function abortCanary(
  state: CanaryState,
  now: Date,
  message: string,
  options: { by?: string; after?: EventDraft[] } = {},
): CanaryTransition {
  return transition(
    state,
    now,
    {
      phase: 'aborting',
      stepStartedAt: now.toISOString(),
      message,
      abortReason: message,
    },
    [
      ...(options.after ?? []),
      { kind: 'abortStarted', message, by: options.by },
    ],
  );
}

/**
 * Pauses with `pause`, recording it as `kind` after the events in `after`
 * (such as the verdict that caused it).
 *
 * @internal
 */
export function pauseCanary(
  state: CanaryState,
  now: Date,
  pause: CanaryPause,
  options: { kind?: CanaryEventKind; after?: EventDraft[] } = {},
): CanaryTransition {
  return transition(
    state,
    now,
    { phase: 'paused', pause, message: pause.reason },
    [
      ...(options.after ?? []),
      { kind: options.kind ?? 'paused', message: pause.reason, by: pause.by },
    ],
  );
}

/**
 * The changes that take a canary where a pause said it would go on.
 *
 * @internal
 */
export function resumeChanges(
  spec: CanarySpec,
  state: CanaryState,
  resumeTo: CanaryPause['resumeTo'],
  now: Date,
): Partial<CanaryState> {
  const startedAt = now.toISOString();
  switch (resumeTo) {
    case 'scaling':
      return {
        phase: 'scaling',
        stepStartedAt: startedAt,
        message: `${stepLabel(spec, state.stepIndex)}: scaling`,
      };
    case 'analysing':
      return {
        phase: 'analysing',
        message: `${stepLabel(spec, state.stepIndex)}: analysing`,
      };
    case 'nextStep':
      return {
        phase: 'scaling',
        stepIndex: state.stepIndex + 1,
        stepStartedAt: startedAt,
        message: `${stepLabel(spec, state.stepIndex + 1)}: scaling`,
      };
    default:
      return {
        phase: 'promoting',
        stepStartedAt: startedAt,
        message: 'promoting',
      };
  }
}

/**
 * Pauses because the stable Deployment's template is not the one the
 * canary is compared with. Data gathered so far compared the canary with
 * the old template, so a step that was soaking or being analysed starts
 * again after the resume.
 *
 * @internal
 */
export function pauseForStableChange(
  state: CanaryState,
  now: Date,
  template: string,
): CanaryTransition {
  const before = state.pause?.resumeTo;
  let resumeTo: CanaryPause['resumeTo'] = 'scaling';
  if (state.phase === 'promoting') resumeTo = 'promoting';
  else if (before && before !== 'analysing') resumeTo = before;
  return pauseCanary(
    state,
    now,
    {
      kind: 'stableChanged',
      reason:
        "the stable Deployment's pod template was changed outside the canary (e.g. kubectl set image); resume to compare the canary with its new template, or abort",
      resumeTo,
      stableTemplate: template,
    },
    { kind: 'stableChanged' },
  );
}
