import {
  effectiveWeight,
  nextScaling,
  replicasForWeight,
  ReplicaSplit,
  scalingBoundsFor,
  ScalingBounds,
  TrackReplicas,
} from './replicaSplit';

type Cluster = { canary: TrackReplicas; stable: TrackReplicas };
const TRACKS = ['canary', 'stable'] as const;

/** A small seeded generator, so a failing sequence can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sum = (c: Cluster, key: 'desired' | 'ready') =>
  c.canary[key] + c.stable[key];

/**
 * Drives the tracks to `target` the way the controllers would: each move is
 * applied to the desired count (a scale-down removes unready pods first),
 * and pods become ready one at a time, at random moments. Checks the bounds
 * after every move.
 */
function converge(
  cluster: Cluster,
  target: ReplicaSplit,
  bounds: ScalingBounds,
  next: () => number,
): number {
  const total = target.canary + target.stable;
  for (let moves = 0; moves < 10_000; moves++) {
    const unready = TRACKS.filter(t => cluster[t].ready < cluster[t].desired);
    if (unready.length > 0 && next() < 0.3) {
      cluster[unready[Math.floor(next() * unready.length)]].ready += 1;
      continue;
    }
    const move = nextScaling(cluster, target, bounds);
    if (move === null) {
      expect(cluster).toEqual({
        canary: { desired: target.canary, ready: target.canary },
        stable: { desired: target.stable, ready: target.stable },
      });
      return moves;
    }
    if ('wait' in move) {
      expect(unready.length).toBeGreaterThan(0);
      cluster[unready[Math.floor(next() * unready.length)]].ready += 1;
      continue;
    }
    const desiredBefore = sum(cluster, 'desired');
    const readyBefore = sum(cluster, 'ready');
    const track = cluster[move.deployment];
    expect(move.replicas).not.toBe(track.desired);
    track.desired = move.replicas;
    track.ready = Math.min(track.ready, move.replicas);
    expect(sum(cluster, 'desired')).toBeLessThanOrEqual(
      Math.max(desiredBefore, total + bounds.maxSurge),
    );
    expect(sum(cluster, 'ready')).toBeGreaterThanOrEqual(
      Math.min(readyBefore, total - bounds.maxUnavailable),
    );
  }
  throw new Error(`no convergence to ${JSON.stringify(target)}`);
}

describe('replicasForWeight', () => {
  it('splits the total by the weight, never leaving a track empty below 100', () => {
    for (let total = 2; total <= 60; total++) {
      let previous = 0;
      for (let weight = 1; weight <= 99; weight++) {
        const { canary, stable } = replicasForWeight(total, weight);
        expect(canary + stable).toBe(total);
        expect(canary).toBeGreaterThanOrEqual(1);
        expect(stable).toBeGreaterThanOrEqual(1);
        expect(canary).toBeGreaterThanOrEqual(previous);
        // Away from the clamps the canary is the nearest whole share.
        const exact = (total * weight) / 100;
        const clamped = canary === 1 || canary === total - 1;
        expect(clamped || Math.abs(canary - exact) <= 0.5).toBe(true);
        previous = canary;
      }
    }
  });

  it('follows the ratio rule for a 10-replica service', () => {
    expect([10, 25, 50, 75].map(w => replicasForWeight(10, w).canary)).toEqual([
      1, 3, 5, 8,
    ]);
    expect(replicasForWeight(10, 1)).toEqual({ canary: 1, stable: 9 });
    expect(replicasForWeight(10, 99)).toEqual({ canary: 9, stable: 1 });
  });

  it('empties the stable track only at 100 and the canary only at 0', () => {
    expect(replicasForWeight(7, 100)).toEqual({ canary: 7, stable: 0 });
    expect(replicasForWeight(7, 0)).toEqual({ canary: 0, stable: 7 });
  });

  it('runs one pod per track for a single replica', () => {
    expect(replicasForWeight(1, 30)).toEqual({ canary: 1, stable: 1 });
    expect(replicasForWeight(1, 100)).toEqual({ canary: 1, stable: 0 });
  });

  it('refuses totals and weights that are not whole or in range', () => {
    expect(() => replicasForWeight(0, 10)).toThrow(/replica total/);
    expect(() => replicasForWeight(2.5, 10)).toThrow(/whole number/);
    expect(() => replicasForWeight(4, 101)).toThrow(/≤ 100/);
    expect(() => replicasForWeight(4, -1)).toThrow(/weight/);
  });
});

describe('nextScaling', () => {
  const ready = (canary: number, stable: number): Cluster => ({
    canary: { desired: canary, ready: canary },
    stable: { desired: stable, ready: stable },
  });

  it('scales the canary up first, then the stable down once canary pods are ready', () => {
    const bounds = { maxSurge: 1, maxUnavailable: 0 };
    const target = { canary: 3, stable: 7 };
    expect(nextScaling(ready(0, 10), target, bounds)).toEqual({
      deployment: 'canary',
      replicas: 1,
    });
    const unready = { ...ready(0, 10), canary: { desired: 1, ready: 0 } };
    expect(nextScaling(unready, target, bounds)).toEqual({
      wait: 'waiting for 1 canary pod(s) to become ready',
    });
    expect(nextScaling(ready(1, 10), target, bounds)).toEqual({
      deployment: 'stable',
      replicas: 9,
    });
  });

  it('scales the stable up first on the way back, then the canary down', () => {
    const bounds = { maxSurge: 2, maxUnavailable: 0 };
    const target = { canary: 0, stable: 10 };
    expect(nextScaling(ready(5, 5), target, bounds)).toEqual({
      deployment: 'stable',
      replicas: 7,
    });
    expect(nextScaling(ready(5, 7), target, bounds)).toEqual({
      deployment: 'canary',
      replicas: 3,
    });
  });

  it('uses the unavailability budget before the canary is ready', () => {
    expect(
      nextScaling(
        { canary: { desired: 3, ready: 0 }, stable: ready(0, 10).stable },
        { canary: 3, stable: 7 },
        { maxSurge: 3, maxUnavailable: 2 },
      ),
    ).toEqual({ deployment: 'stable', replicas: 8 });
  });

  it('is done only when both tracks have their target, all ready', () => {
    const target = { canary: 2, stable: 3 };
    const bounds = { maxSurge: 1, maxUnavailable: 0 };
    expect(nextScaling(ready(2, 3), target, bounds)).toBeNull();
    expect(
      nextScaling(
        { ...ready(2, 3), stable: { desired: 3, ready: 2 } },
        target,
        bounds,
      ),
    ).toEqual({ wait: 'waiting for 1 stable pod(s) to become ready' });
  });

  it('refuses bounds that would never let a pod move', () => {
    expect(() =>
      nextScaling(
        ready(0, 4),
        { canary: 1, stable: 3 },
        { maxSurge: 0, maxUnavailable: 0 },
      ),
    ).toThrow(/cannot both be 0/);
    expect(() =>
      nextScaling(
        ready(0, 4),
        { canary: -1, stable: 3 },
        { maxSurge: 1, maxUnavailable: 0 },
      ),
    ).toThrow(/canary target replicas/);
  });

  it('keeps within the bounds through every step sequence and abort, for many totals and bounds', () => {
    const next = random(15);
    let runs = 0;
    for (let total = 1; total <= 25; total++) {
      for (const bounds of [
        { maxSurge: 1, maxUnavailable: 0 },
        { maxSurge: 0, maxUnavailable: 1 },
        { maxSurge: 3, maxUnavailable: 2 },
        scalingBoundsFor(total),
      ]) {
        for (let sequence = 0; sequence < 6; sequence++) {
          const weights = [
            ...new Set(
              Array.from(
                { length: 1 + Math.floor(next() * 5) },
                () => 1 + Math.floor(next() * 99),
              ),
            ),
          ].sort((a, b) => a - b);
          const cluster = ready(0, total);
          const abortAt = Math.floor(next() * (weights.length + 2));
          const plan = [...weights, 100].slice(0, abortAt);
          for (const weight of plan) {
            converge(cluster, replicasForWeight(total, weight), bounds, next);
          }
          const end = abortAt > weights.length ? 100 : 0;
          const final = replicasForWeight(total, end === 100 ? 100 : 0);
          converge(cluster, final, bounds, next);
          if (end === 100) {
            // Promotion: the stable takes over again, stable up first.
            converge(cluster, replicasForWeight(total, 0), bounds, next);
          }
          runs++;
        }
      }
    }
    expect(runs).toBe(25 * 4 * 6);
  });
});

describe('scalingBoundsFor', () => {
  it('works the strategy out as the Deployment controller does', () => {
    expect(scalingBoundsFor(10)).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(scalingBoundsFor(10, { maxSurge: 1, maxUnavailable: '0%' })).toEqual(
      {
        maxSurge: 1,
        maxUnavailable: 0,
      },
    );
    expect(
      scalingBoundsFor(3, { maxSurge: '10%', maxUnavailable: '10%' }),
    ).toEqual({
      maxSurge: 1,
      maxUnavailable: 0,
    });
    expect(scalingBoundsFor(3, { maxSurge: 0, maxUnavailable: '10%' })).toEqual(
      {
        maxSurge: 0,
        maxUnavailable: 1,
      },
    );
    expect(() => scalingBoundsFor(3, { maxSurge: 'lots' })).toThrow(
      /percentage/,
    );
  });
});

describe('effectiveWeight', () => {
  it('is the canary share of ready endpoints, or null with none ready', () => {
    expect(effectiveWeight(1, 9)).toBe(10);
    expect(effectiveWeight(1, 2)).toBe(33.3);
    expect(effectiveWeight(1, 299)).toBe(0.3);
    expect(effectiveWeight(4, 0)).toBe(100);
    expect(effectiveWeight(0, 0)).toBeNull();
    expect(() => effectiveWeight(-1, 3)).toThrow(/ready canary endpoints/);
  });
});
