import { AnalysisOutcome } from '../../analysis/verdict';
import { advanceCanary } from '../canaryMachine';
import { CanarySpec, canarySpecSchema, CanarySpecInput } from '../canarySpec';
import {
  CanaryAction,
  CanaryEvent,
  CanaryObservation,
  CanaryState,
  CanaryTransition,
  isTerminal,
  startCanary,
} from '../canaryState';
import { ScalingBounds, TrackReplicas } from '../replicaSplit';

export const STABLE = 'template-v1';
export const CANARY = 'template-v2';
export const T0 = new Date('2025-01-01T10:00:00.000Z');

/**
 * Two Deployments as the caller would see and change them: `scale` sets the
 * desired replicas (a scale-down drops unready pods first), pods become
 * ready when `settle` says so, `promote` swaps the stable's template under
 * the same precondition the real caller checks.
 */
export class FakeCluster {
  canary: TrackReplicas | null = { desired: 0, ready: 0 };
  stable: TrackReplicas & { template: string };
  bounds: ScalingBounds;
  /** Largest pod total and smallest ready total seen after any action. */
  peakDesired: number;
  lowestReady: number;
  /**
   * A HorizontalPodAutoscaler on the stable, acting as Kubernetes' does on
   * its bounds: not held, it scales a stable below `minReplicas` (but not
   * one at 0) back up to it, and counts each such fight.
   */
  autoscaler?: { minReplicas: number; held: boolean; fights: number };
  /** The order in which scaling and the autoscaler's hold happened. */
  readonly log: string[] = [];

  constructor(replicas: number, bounds: ScalingBounds, autoscalerMin?: number) {
    this.stable = { desired: replicas, ready: replicas, template: STABLE };
    this.bounds = bounds;
    this.peakDesired = replicas;
    this.lowestReady = replicas;
    if (autoscalerMin !== undefined) {
      this.autoscaler = { minReplicas: autoscalerMin, held: false, fights: 0 };
    }
  }

  observe(): CanaryObservation {
    return {
      canary: this.canary && { ...this.canary },
      stable: { ...this.stable },
      bounds: this.bounds,
      ...(this.autoscaler && { autoscaler: { held: this.autoscaler.held } }),
    };
  }

  settle() {
    if (this.canary) this.canary.ready = this.canary.desired;
    this.stable.ready = this.stable.desired;
  }

  execute(action: CanaryAction) {
    if (action.type !== 'record') this.log.push(action.type);
    if (
      action.type === 'holdAutoscaler' ||
      action.type === 'releaseAutoscaler'
    ) {
      if (!this.autoscaler) throw new Error(`${action.type} without one`);
      this.autoscaler.held = action.type === 'holdAutoscaler';
    }
    if (action.type === 'scale') {
      const track = action.deployment === 'canary' ? this.canary : this.stable;
      if (!track) throw new Error('scaled a deleted canary');
      track.desired = action.replicas;
      track.ready = Math.min(track.ready, action.replicas);
    } else if (action.type === 'promote') {
      if (this.stable.template === action.expectStableTemplate) {
        this.stable.template = CANARY;
      }
    } else if (action.type === 'deleteCanary') {
      this.canary = null;
    }
    const hpa = this.autoscaler;
    if (
      hpa &&
      !hpa.held &&
      this.stable.desired > 0 &&
      this.stable.desired < hpa.minReplicas
    ) {
      this.stable.desired = hpa.minReplicas;
      hpa.fights++;
    }
    const desired = (this.canary?.desired ?? 0) + this.stable.desired;
    const ready = (this.canary?.ready ?? 0) + this.stable.ready;
    this.peakDesired = Math.max(this.peakDesired, desired);
    this.lowestReady = Math.min(this.lowestReady, ready);
  }

  replicas() {
    return { canary: this.canary?.desired ?? 0, stable: this.stable.desired };
  }
}

/** A canary run as the scheduler would drive it, ten seconds a tick. */
export class FakeCanaryRun {
  readonly spec: CanarySpec;
  readonly cluster: FakeCluster;
  state: CanaryState;
  now = T0;
  /** Records by key, as a store that ignores a repeated key keeps them. */
  readonly events = new Map<string, CanaryEvent>();
  readonly analysedSteps: number[] = [];
  /** Replicas per track when each step was reached. */
  readonly reached: Array<{ canary: number; stable: number }> = [];
  /** Outcomes the analysis returns, in order. */
  private readonly verdicts: AnalysisOutcome[];

  constructor(
    spec: CanarySpecInput,
    options: {
      replicas?: number;
      bounds?: ScalingBounds;
      verdicts?: AnalysisOutcome[];
      /** A HorizontalPodAutoscaler with this minReplicas on the stable. */
      autoscalerMin?: number;
    } = {},
  ) {
    this.spec = canarySpecSchema.parse(spec);
    const replicas = options.replicas ?? 10;
    this.cluster = new FakeCluster(
      replicas,
      options.bounds ?? { maxSurge: 2, maxUnavailable: 0 },
      options.autoscalerMin,
    );
    this.verdicts = [...(options.verdicts ?? [])];
    this.state = startCanary({
      originalReplicas: replicas,
      stableTemplate: STABLE,
      canaryTemplate: CANARY,
      ...(options.autoscalerMin !== undefined && { autoscaler: 'api' }),
      now: T0,
    });
  }

  /** One input, its actions carried out (twice with `repeat`), the state saved. */
  apply(transition: CanaryTransition, options: { repeat?: boolean } = {}) {
    let { state } = transition;
    for (const action of transition.actions) {
      for (let i = 0; i < (options.repeat ? 2 : 1); i++)
        this.cluster.execute(action);
      if (action.type === 'record')
        this.events.set(action.event.key, action.event);
      if (action.type === 'record' && action.event.kind === 'stepReached') {
        this.reached.push(this.cluster.replicas());
      }
      if (action.type === 'runAnalysis') {
        this.analysedSteps.push(action.stepIndex);
        const outcome = this.verdicts.shift();
        if (!outcome)
          throw new Error(`no verdict scripted for step ${action.stepIndex}`);
        const judged = advanceCanary(this.spec, state, {
          type: 'verdict',
          now: this.now,
          stepIndex: action.stepIndex,
          outcome,
          verdictId: `verdict-${this.analysedSteps.length}`,
          summary:
            outcome === 'inconclusive' ? 'too little traffic' : undefined,
        });
        this.apply(judged, options);
        state = judged.state;
      }
    }
    this.state = state;
  }

  tick(options: { settle?: boolean; repeat?: boolean } = {}): CanaryTransition {
    const transition = advanceCanary(this.spec, this.state, {
      type: 'tick',
      now: this.now,
      observed: this.cluster.observe(),
    });
    this.apply(transition, options);
    if (options.settle ?? true) this.cluster.settle();
    this.now = new Date(this.now.getTime() + 10_000);
    return transition;
  }

  /** Ticks until the canary ends or waits for a person. */
  runUntilStill(
    options: { settle?: boolean; repeat?: boolean; maxTicks?: number } = {},
  ) {
    for (let i = 0; i < (options.maxTicks ?? 1000); i++) {
      if (isTerminal(this.state.phase)) return;
      if (this.state.phase === 'paused' && !this.state.pause?.until) return;
      this.tick(options);
    }
    throw new Error(
      `still ${this.state.phase} after ${options.maxTicks ?? 1000} ticks`,
    );
  }

  person(
    type: 'promote' | 'pause' | 'resume' | 'abort',
    by = 'user:default/ana',
  ) {
    this.apply(
      advanceCanary(this.spec, this.state, { type, now: this.now, by }),
    );
  }

  kinds(): string[] {
    return [...this.events.values()].map(e => e.kind);
  }
}
