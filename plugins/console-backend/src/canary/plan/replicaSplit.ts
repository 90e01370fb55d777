/**
 * Replicas per track.
 *
 * @internal
 */
export interface ReplicaSplit {
  canary: number;
  stable: number;
}

/**
 * Desired and ready replicas of one Deployment, as its `/scale` and status
 * report them.
 *
 * @internal
 */
export interface TrackReplicas {
  desired: number;
  ready: number;
}

/**
 * How far a scaling may stray from the target's total, in pods: at most
 * `maxSurge` above it, and at most `maxUnavailable` ready pods below it. At
 * least one must be positive, or no pod could ever move.
 *
 * @internal
 */
export interface ScalingBounds {
  maxSurge: number;
  maxUnavailable: number;
}

/**
 * The next scale call, or why none can be made yet.
 *
 * @internal
 */
export type ScalingMove =
  | { deployment: 'canary' | 'stable'; replicas: number }
  | { wait: string }
  | null;

const TRACKS = ['canary', 'stable'] as const;

function requireCount(value: number, what: string, min = 0) {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${what} must be a whole number ≥ ${min}, got ${value}`,
    );
  }
}

/**
 * The replicas of each track at a weight, out of the stable Deployment's
 * original replica count `total`.
 *
 * The canary gets the nearest whole share of `total` (halves round up), kept
 * within 1..total-1 for weights 1–99 so that both tracks serve and both can
 * be compared. The stable track reaches 0 only at weight 100; weight 0 is
 * all stable (where an abort returns to). With a single replica there is no
 * such split, so both tracks run one pod and the total is exceeded by one.
 *
 * @internal
 */
export function replicasForWeight(total: number, weight: number): ReplicaSplit {
  requireCount(total, 'the replica total', 1);
  requireCount(weight, 'the weight');
  if (weight > 100)
    throw new RangeError(`the weight must be ≤ 100, got ${weight}`);
  if (weight === 0) return { canary: 0, stable: total };
  if (weight === 100) return { canary: total, stable: 0 };
  if (total === 1) return { canary: 1, stable: 1 };
  const share = Math.round((total * weight) / 100);
  const canary = Math.min(total - 1, Math.max(1, share));
  return { canary, stable: total - canary };
}

/**
 * The one scale call that moves the tracks toward `target` without breaking
 * the bounds, given what is observed now; `null` once both tracks have their
 * target replicas, all ready.
 *
 * The bounds are taken against the target's total: desired pods never exceed
 * it by more than `maxSurge`, and a scale-down never leaves fewer than
 * total − `maxUnavailable` ready pods (nor fewer than are ready now). So a
 * track that grows does so first, within the surge, and the shrinking track
 * gives up pods only as the growing one's become ready: canary up then stable
 * down on the way forward, stable up then canary down on the way back. Each
 * call names absolute replica counts, so repeating one is harmless.
 *
 * A scale-down is counted as removing ready pods, except that pods beyond the
 * ready ones go first: the ReplicaSet controller deletes unready pods before
 * ready ones.
 *
 * @internal
 */
export function nextScaling(
  observed: { canary: TrackReplicas; stable: TrackReplicas },
  target: ReplicaSplit,
  bounds: ScalingBounds,
): ScalingMove {
  for (const track of TRACKS) {
    requireCount(observed[track].desired, `${track} desired replicas`);
    requireCount(observed[track].ready, `${track} ready replicas`);
    requireCount(target[track], `${track} target replicas`);
  }
  requireCount(bounds.maxSurge, 'maxSurge');
  requireCount(bounds.maxUnavailable, 'maxUnavailable');
  if (bounds.maxSurge === 0 && bounds.maxUnavailable === 0) {
    throw new RangeError('maxSurge and maxUnavailable cannot both be 0');
  }

  const total = target.canary + target.stable;
  const desired = observed.canary.desired + observed.stable.desired;
  // Status can lag a scale-down, reporting more ready pods than desired.
  const ready = (track: 'canary' | 'stable') =>
    Math.min(observed[track].ready, observed[track].desired);

  for (const track of TRACKS) {
    const room = total + bounds.maxSurge - desired;
    if (observed[track].desired < target[track] && room > 0) {
      return {
        deployment: track,
        replicas: Math.min(target[track], observed[track].desired + room),
      };
    }
  }

  for (const track of TRACKS) {
    if (observed[track].desired <= target[track]) continue;
    const other = track === 'canary' ? 'stable' : 'canary';
    const readyNow = ready('canary') + ready('stable');
    const floor = Math.min(readyNow, total - bounds.maxUnavailable);
    // Keep enough of this track for the floor, counting its ready pods as
    // the ones a scale-down removes last.
    const keep = Math.max(target[track], floor - ready(other));
    if (keep < observed[track].desired) {
      return { deployment: track, replicas: keep };
    }
  }

  const unready = TRACKS.filter(t => ready(t) < observed[t].desired);
  const atTarget = TRACKS.every(t => observed[t].desired === target[t]);
  if (atTarget && unready.length === 0) return null;
  // With a bound above 0, a move is always possible once every pod is
  // ready, so there is always a pod to name here.
  return {
    wait: `waiting for ${unready
      .map(t => `${observed[t].desired - ready(t)} ${t} pod(s)`)
      .join(' and ')} to become ready`,
  };
}

/**
 * A rolling update's `maxSurge` / `maxUnavailable`: a pod count or a
 * percentage string.
 *
 * @internal
 */
export type IntOrPercent = number | string;

/**
 * The bounds a Deployment's own rolling-update strategy sets for `total`
 * pods, worked out as the Deployment controller does: percentages of the
 * total, the surge rounded up and the unavailability down, 25 % each when
 * unset, and one unavailable pod when both come to 0. A canary then moves
 * pods no faster than the team lets a plain rollout move them.
 *
 * @internal
 */
export function scalingBoundsFor(
  total: number,
  strategy: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } = {},
): ScalingBounds {
  requireCount(total, 'the replica total');
  const maxSurge = resolve(strategy.maxSurge ?? '25%', total, Math.ceil);
  const maxUnavailable = resolve(
    strategy.maxUnavailable ?? '25%',
    total,
    Math.floor,
  );
  if (maxSurge === 0 && maxUnavailable === 0) {
    return { maxSurge: 0, maxUnavailable: 1 };
  }
  return { maxSurge, maxUnavailable };
}

function resolve(
  value: IntOrPercent,
  total: number,
  round: (n: number) => number,
): number {
  if (typeof value === 'number') {
    requireCount(value, 'a rolling-update bound');
    return value;
  }
  const percent = /^(\d+)%$/.exec(value);
  if (!percent) {
    throw new RangeError(
      `a rolling-update bound is a count or a percentage like "25%", got "${value}"`,
    );
  }
  return round((total * Number(percent[1])) / 100);
}

/**
 * The share of ready endpoints that are canary pods, in percent to one
 * decimal (as the Service spreads connections over ready endpoints, this is
 * the weight actually in effect), or `null` when no endpoint is ready.
 *
 * @internal
 */
export function effectiveWeight(
  readyCanaryEndpoints: number,
  readyStableEndpoints: number,
): number | null {
  requireCount(readyCanaryEndpoints, 'ready canary endpoints');
  requireCount(readyStableEndpoints, 'ready stable endpoints');
  const all = readyCanaryEndpoints + readyStableEndpoints;
  if (all === 0) return null;
  return Math.round((readyCanaryEndpoints * 1000) / all) / 10;
}
