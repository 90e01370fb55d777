import {
  CanaryRequest,
  WorkloadReleases,
} from '@paasport/plugin-console-common';

// The Start canary dialog's model: what the person types (numbers as the
// strings of their fields) and the request it becomes. The checks live in
// canaryFormChecks.ts.

/** A new image for one container. @internal */
export interface ImageField {
  container: string;
  /** What the current revision runs. */
  current: string;
  image: string;
}

/** One environment change: set `name` to `value`, or remove it. @internal */
export interface EnvField {
  id: number;
  container: string;
  name: string;
  value: string;
  remove: boolean;
}

/**
 * One change to the pod template's annotations: set `key` to `value`, or
 * remove it. Annotations are not secrets, so the value is shown as typed.
 *
 * @internal
 */
export interface AnnotationField {
  id: number;
  key: string;
  value: string;
  remove: boolean;
}

/** How long a step runs before it is analysed. @internal */
export type PauseKind = 'none' | 'timed' | 'untilResumed';

/** One step of the canary. @internal */
export interface StepField {
  id: number;
  weight: string;
  pause: PauseKind;
  seconds: string;
}

/** A team's own PromQL, judged canary against stable. @internal */
export interface QueryField {
  id: number;
  name: string;
  promql: string;
  higherIsWorse: boolean;
  maxIncrease: string;
  maxRatio: string;
  maxValue: string;
}

/** Everything the dialog asks for. @internal */
export interface CanaryForm {
  images: ImageField[];
  env: EnvField[];
  annotations: AnnotationField[];
  steps: StepField[];
  errorRatePoints: string;
  latencyRatio: string;
  minSamples: string;
  minRequests: string;
  windowSeconds: string;
  queries: QueryField[];
  failureLimit: string;
  reason: string;
}

/**
 * Seconds between two samples. Not asked for: the backend's default, sent
 * explicitly so the window check here and there agree.
 *
 * @internal
 */
export const ANALYSIS_INTERVAL_SECONDS = 15;
/** The backend's limit for a reason (canaryRequestSchema). @internal */
export const MAX_REASON = 500;

let nextId = 1;
/** A key for a row of a list the person edits. @internal */
export const newRowId = () => nextId++;

/** A step with a timed pause. @internal */
export function newStep(weight: number, seconds?: number): StepField {
  return {
    id: newRowId(),
    weight: String(weight),
    pause: seconds ? 'timed' : 'none',
    seconds: String(seconds ?? 120),
  };
}

/**
 * The form as it opens: each container's current image, the backend's
 * default steps (10/25/50/100 % with 2-minute pauses) and thresholds.
 *
 * @internal
 */
export function initialCanaryForm(workload: WorkloadReleases): CanaryForm {
  const current = workload.revisions.find(
    r => r.revision === workload.currentRevision,
  );
  return {
    // Revision images are in container order, as the containers are.
    images: workload.containers.map((container, index) => ({
      container,
      current: current?.images[index] ?? '',
      image: current?.images[index] ?? '',
    })),
    env: [],
    annotations: [],
    steps: [newStep(10, 120), newStep(25, 120), newStep(50, 120), newStep(100)],
    errorRatePoints: '1',
    latencyRatio: '1.2',
    minSamples: '6',
    minRequests: '50',
    windowSeconds: '120',
    queries: [],
    failureLimit: '1',
    reason: '',
  };
}

const optionalNumber = (value: string) =>
  value.trim() ? Number(value) : undefined;

/**
 * The request for a validated form: only the images that change, the
 * environment and annotation changes (`null` removes a variable or an
 * annotation), and every setting the person saw, so what runs is what the
 * dialog showed.
 *
 * @internal
 */
export function canaryRequestOf(
  form: CanaryForm,
  target: { cluster: string; namespace: string; name: string },
): CanaryRequest {
  const images = Object.fromEntries(
    form.images
      .filter(f => f.image.trim() !== f.current)
      .map(f => [f.container, f.image.trim()]),
  );
  const env: Record<string, Record<string, string | null>> = {};
  for (const field of form.env) {
    env[field.container] ??= {};
    env[field.container][field.name] = field.remove ? null : field.value;
  }
  const annotations = Object.fromEntries(
    form.annotations.map(field => [
      field.key,
      field.remove ? null : field.value,
    ]),
  );
  return {
    cluster: target.cluster,
    namespace: target.namespace,
    name: target.name,
    reason: form.reason.trim(),
    spec: {
      images,
      env,
      // Left out when there are none: the backend's default is no change.
      ...(form.annotations.length > 0 && { annotations }),
      steps: form.steps.map(step => ({
        weight: Number(step.weight),
        ...(step.pause === 'timed' && {
          pause: { seconds: Number(step.seconds) },
        }),
        ...(step.pause === 'untilResumed' && {
          pause: { untilResumed: true },
        }),
      })),
      analysis: {
        intervalSeconds: ANALYSIS_INTERVAL_SECONDS,
        windowSeconds: Number(form.windowSeconds),
        minSamples: Number(form.minSamples),
        errorRate: { maxIncreasePoints: Number(form.errorRatePoints) },
        latencyP95: { maxRatio: Number(form.latencyRatio) },
        minRequests: Number(form.minRequests),
        queries: form.queries.map(query => ({
          name: query.name,
          promql: query.promql.trim(),
          higherIsWorse: query.higherIsWorse,
          maxIncrease: optionalNumber(query.maxIncrease),
          maxRatio: optionalNumber(query.maxRatio),
          maxValue: optionalNumber(query.maxValue),
        })),
      },
      failureLimit: Number(form.failureLimit),
    },
  };
}
