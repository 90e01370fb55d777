import {
  CanaryActionName,
  CanaryDetail,
  CanarySummary,
} from '@paasport/plugin-console-common';
import { advanceCanary, CanaryState } from './plan';
import { StoredCanary, StoredCanaryEvent, StoredVerdict } from './store';

const ACTIONS: CanaryActionName[] = ['promote', 'pause', 'resume', 'abort'];

/**
 * The person actions the machine would take now: asked of the machine
 * itself (it throws on an invalid one), so the buttons never offer what the
 * backend would refuse.
 */
function possibleActions(canary: StoredCanary): CanaryActionName[] {
  if (canary.finishedAt) return [];
  const now = new Date();
  return ACTIONS.filter(type => {
    try {
      advanceCanary(canary.spec, canary.state as CanaryState, {
        type,
        now,
        by: canary.actor,
      });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A stored canary as lists show it. `mayAct`: whether the asking person
 * holds the canary permission on its Component.
 *
 * @internal
 */
export function canarySummary(
  canary: StoredCanary,
  mayAct: boolean,
): CanarySummary {
  const { state, spec } = canary;
  const step = spec.steps[Math.min(state.stepIndex, spec.steps.length - 1)];
  const observation = canary.observation;
  return {
    id: canary.id,
    entityRef: canary.entityRef,
    cluster: canary.cluster,
    namespace: canary.namespace,
    name: canary.name,
    canaryName: canary.canaryName,
    phase: state.phase,
    stepIndex: state.stepIndex,
    steps: spec.steps,
    targetWeight: step.weight,
    actualWeight: observation?.actualWeight ?? null,
    replicas: observation
      ? { canary: observation.canary, stable: observation.stable }
      : null,
    message: state.message,
    ...(state.pause && {
      pause: {
        kind: state.pause.kind,
        reason: state.pause.reason,
        ...(state.pause.until && { until: state.pause.until }),
        ...(state.pause.by && { by: state.pause.by }),
      },
    }),
    failures: state.failures,
    failureLimit: spec.failureLimit,
    images: spec.images,
    // Names only: a value may be a secret someone typed in.
    envChanged: Object.fromEntries(
      Object.entries(spec.env).map(([container, changes]) => [
        container,
        Object.keys(changes).sort(),
      ]),
    ),
    // Keys only, although annotations are not secret: a value may be up to
    // 4096 characters (a JSON config, say), too long for a line of a list,
    // and the key says what the release tunes; the value is in the canary
    // Deployment's pod template for whoever may read it.
    annotationsChanged: Object.keys(spec.annotations).sort(),
    actor: canary.actor,
    createdAt: canary.createdAt,
    updatedAt: canary.updatedAt,
    ...(canary.finishedAt && { finishedAt: canary.finishedAt }),
    ...(canary.outcome && { outcome: canary.outcome }),
    allowedActions: mayAct ? possibleActions(canary) : [],
  };
}

/**
 * A stored canary with its verdicts and history.
 *
 * @internal
 */
export function canaryDetail(
  canary: StoredCanary,
  verdicts: StoredVerdict[],
  events: StoredCanaryEvent[],
  mayAct: boolean,
): CanaryDetail {
  const { analysis, steps } = canary.spec;
  return {
    ...canarySummary(canary, mayAct),
    analysis,
    verdicts: verdicts.map(v => ({
      id: v.id,
      stepIndex: v.stepIndex,
      weight: steps[v.stepIndex]?.weight ?? 0,
      verdict: v.verdict,
    })),
    events: events.map(e => ({
      at: e.at,
      kind: e.kind,
      stepIndex: e.stepIndex ?? 0,
      message: e.message,
      ...(e.actor !== 'paasport' && { by: e.actor }),
    })),
  };
}
