import { AnalysisOutcome } from '../analysis/verdict';
import { ScalingBounds, TrackReplicas } from './replicaSplit';

/**
 * Where a canary is in its life.
 *
 * - `scaling`: moving replicas to the current step's weight.
 * - `paused`: waiting, by a timer (a step's soak, a retry after a failed
 *   verdict) or for a person (see {@link CanaryPause}).
 * - `analysing`: waiting for the verdict of the current step.
 * - `promoting`: all replicas to the canary, the stable Deployment takes
 *   the canary's template, the stable takes its replicas back, the canary
 *   is removed.
 * - `aborting`: the stable Deployment back to its original replicas, the
 *   canary to 0 and removed; the stable's template is not touched.
 * - `succeeded`, `aborted`: terminal.
 *
 * @internal
 */
export type CanaryPhase =
  | 'scaling'
  | 'analysing'
  | 'paused'
  | 'promoting'
  | 'aborting'
  | 'succeeded'
  | 'aborted';

/**
 * Why a canary waits, and what ends the wait.
 *
 * - `step`: the step's soak before its analysis (timed);
 * - `retry`: a failed verdict below the failure limit, before the step is
 *   analysed again on fresh data (timed);
 * - `gate`: a step with `untilResumed` (after its analysis) or the 100 step
 *   before promotion;
 * - `inconclusive`: the analysis could not decide;
 * - `person`: someone paused it;
 * - `stableChanged`: the stable Deployment's template changed outside the
 *   canary; resuming accepts the new template as the baseline.
 *
 * A person's `resume` ends any of them early.
 *
 * @internal
 */
export interface CanaryPause {
  kind: 'step' | 'retry' | 'gate' | 'inconclusive' | 'person' | 'stableChanged';
  /** The sentence the UI shows. */
  reason: string;
  /** ISO 8601; a timed pause ends by itself then. */
  until?: string;
  /**
   * Where the canary goes on: the current step from its scaling (the soak
   * and analysis start again), its analysis, the next step, or promotion.
   */
  resumeTo: 'scaling' | 'analysing' | 'nextStep' | 'promoting';
  /** Who paused it, for a person's pause. */
  by?: string;
  /** For `stableChanged`: the stable template last seen. */
  stableTemplate?: string;
}

/**
 * A canary's whole state: plain JSON, stored as it is, and the only memory
 * the machine has between two inputs.
 *
 * Templates are opaque fingerprints the caller computes from a pod template
 * the same way each time (leaving out the track label and
 * `pod-template-hash`), so the stable Deployment after promotion has the
 * fingerprint `canaryTemplate`.
 *
 * @internal
 */
export interface CanaryState {
  phase: CanaryPhase;
  /** Index into the spec's steps. */
  stepIndex: number;
  /** Failed verdicts over the whole canary. */
  failures: number;
  /** Present exactly when `phase` is `paused`. */
  pause?: CanaryPause;
  /**
   * ISO 8601: when the current step's scaling, the promotion or the abort
   * began; the progress deadline counts from here.
   */
  stepStartedAt: string;
  lastVerdict?: {
    stepIndex: number;
    outcome: AnalysisOutcome;
    verdictId: string;
  };
  /** The stable Deployment's replicas before the canary: the total split. */
  originalReplicas: number;
  /** The stable's template the canary is compared with. */
  stableTemplate: string;
  /** The canary's template: the stable's once promoted. */
  canaryTemplate: string;
  /**
   * The stable has been seen with the canary's template: from then on the
   * release is live and there is nothing left to abort.
   */
  templatePromoted: boolean;
  /**
   * Counts transitions. Recorded events are keyed by it, so a tick replayed
   * from the same stored state records under the same keys.
   */
  sequence: number;
  /** The sentence the UI shows for where the canary is now. */
  message: string;
  /** Why the canary is aborting or was aborted: messages move on, this stays. */
  abortReason?: string;
  /**
   * The HorizontalPodAutoscaler that scaled the stable Deployment when the
   * canary started: held while the canary moves the stable's replicas,
   * given back before it ends (see `CanaryAutoscaler`).
   */
  autoscaler?: string;
  /** ISO 8601, in terminal phases. */
  endedAt?: string;
}

/**
 * What a tick sees of the two Deployments. `canary` is `null` when the
 * canary Deployment does not exist; `template` is the stable's current
 * template fingerprint; `bounds` come from the stable's rolling-update
 * strategy (see `scalingBoundsFor`).
 *
 * @internal
 */
export interface CanaryObservation {
  canary: TrackReplicas | null;
  stable: TrackReplicas & { template: string };
  bounds: ScalingBounds;
  /**
   * The state's autoscaler, when it has one: whether this canary holds it,
   * or `null` once it is gone.
   */
  autoscaler?: { held: boolean } | null;
}

/**
 * An input to the machine. `now` comes with each, so the machine never
 * reads a clock. Person actions carry who did them.
 *
 * @internal
 */
export type CanaryInput =
  | { type: 'tick'; now: Date; observed: CanaryObservation }
  | {
      type: 'verdict';
      now: Date;
      /** The step the analysis judged, to refuse a late verdict. */
      stepIndex: number;
      outcome: AnalysisOutcome;
      /** Where the caller keeps the whole verdict. */
      verdictId: string;
      /** A sentence on why, shown in the pause of an inconclusive verdict. */
      summary?: string;
    }
  | {
      type: 'promote' | 'pause' | 'resume' | 'abort';
      now: Date;
      /** The person's entity ref. */
      by: string;
      comment?: string;
    };

/** @internal */
export type CanaryEventKind =
  | 'stepReached'
  | 'verdict'
  | 'paused'
  | 'resumed'
  | 'stableChanged'
  | 'replicasRestored'
  | 'promotionStarted'
  | 'promoted'
  | 'abortStarted'
  | 'autoscalerHeld'
  | 'autoscalerReleased'
  | 'succeeded'
  | 'aborted';

/**
 * An entry for the canary's history.
 *
 * @internal
 */
export interface CanaryEvent {
  /** Unique within the canary; the same when a tick is replayed. */
  key: string;
  kind: CanaryEventKind;
  /** ISO 8601. */
  at: string;
  stepIndex: number;
  message: string;
  by?: string;
  verdictId?: string;
}

/**
 * What the caller is to do, in order. Each says the result wanted, not a
 * change to make, so doing one twice is harmless: a tick replayed after a
 * crash (actions done, state not saved) asks for the same results again.
 *
 * - `scale`: set the Deployment's replicas through `/scale`.
 * - `runAnalysis`: judge the step and answer with a `verdict` input before
 *   saving the state; if the analysis cannot run, save nothing and the next
 *   tick asks again.
 * - `promote`: give the stable Deployment the canary's template, only if it
 *   still has `expectStableTemplate` (read it, compare, PATCH with that
 *   read's resourceVersion); if it already has the canary's, do nothing.
 * - `deleteCanary`: delete the canary Deployment; already gone is done.
 * - `record`: keep the event, ignoring one whose key is already kept.
 * - `holdAutoscaler`: the state's autoscaler held by this canary; held
 *   already is done.
 * - `releaseAutoscaler`: the state's autoscaler given its own settings
 *   back; not held by this canary is done.
 *
 * @internal
 */
export type CanaryAction =
  | { type: 'scale'; deployment: 'canary' | 'stable'; replicas: number }
  | { type: 'runAnalysis'; stepIndex: number; weight: number }
  | { type: 'promote'; expectStableTemplate: string }
  | { type: 'deleteCanary' }
  | { type: 'holdAutoscaler' }
  | { type: 'releaseAutoscaler' }
  | { type: 'record'; event: CanaryEvent };

/**
 * The machine's answer to an input.
 *
 * @internal
 */
export interface CanaryTransition {
  state: CanaryState;
  actions: CanaryAction[];
}

/** @internal */
export function isTerminal(phase: CanaryPhase): boolean {
  return phase === 'succeeded' || phase === 'aborted';
}

/**
 * The state of a canary whose Deployment has just been created with 0
 * replicas: the caller creates it before storing this.
 *
 * @internal
 */
export function startCanary(options: {
  originalReplicas: number;
  stableTemplate: string;
  canaryTemplate: string;
  /** The HorizontalPodAutoscaler of the stable Deployment, if any. */
  autoscaler?: string;
  now: Date;
}): CanaryState {
  const { originalReplicas, stableTemplate, canaryTemplate, now } = options;
  if (!Number.isInteger(originalReplicas) || originalReplicas < 1) {
    throw new RangeError(
      `a canary needs a stable Deployment with at least one replica, it has ${originalReplicas}`,
    );
  }
  if (stableTemplate === canaryTemplate) {
    throw new RangeError(
      "the canary's template is the stable Deployment's: nothing to release",
    );
  }
  return {
    phase: 'scaling',
    stepIndex: 0,
    failures: 0,
    stepStartedAt: now.toISOString(),
    originalReplicas,
    stableTemplate,
    canaryTemplate,
    templatePromoted: false,
    sequence: 0,
    message: 'starting',
    ...(options.autoscaler && { autoscaler: options.autoscaler }),
  };
}
