import { exactNullCounts, mannWhitneyU } from './mannWhitney';
import { normalCdfByIntegration } from './__testUtils__/normalCdfByIntegration';

// Expected values are computed here by other means than the code under
// test: U by counting pairs, null distributions by enumerating every way to
// split the pooled sample in two.

/** U of x by its definition: pairs with x above y, ties counting one half. */
function uByPairs(x: number[], y: number[]): number {
  let u = 0;
  for (const a of x) {
    for (const b of y) {
      if (a > b) u += 1;
      if (a === b) u += 0.5;
    }
  }
  return u;
}

/** U of every split of the pooled values into n1 and the rest. */
function uOfEverySplit(pooled: number[], n1: number): number[] {
  const us: number[] = [];
  const pick = (from: number, chosen: number[]) => {
    if (chosen.length === n1) {
      const x = chosen.map(i => pooled[i]);
      const y = pooled.filter((_, i) => !chosen.includes(i));
      us.push(uByPairs(x, y));
      return;
    }
    for (let i = from; i < pooled.length; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return us;
}

function permutationPValues(x: number[], y: number[]) {
  const u = uByPairs(x, y);
  const us = uOfEverySplit([...x, ...y], x.length);
  const share = (keep: (v: number) => boolean) =>
    us.filter(keep).length / us.length;
  return {
    u,
    us,
    greater: share(v => v >= u),
    less: share(v => v <= u),
  };
}

describe('mannWhitneyU', () => {
  it('gives the textbook value for completely separated tiny samples', () => {
    // Every x below every y: U = 0, and only 1 of the C(6, 3) = 20
    // arrangements is that extreme.
    const result = mannWhitneyU([1, 2, 3], [4, 5, 6], 'less');
    expect(result).toEqual({
      u: 0,
      n1: 3,
      n2: 3,
      pValue: 1 / 20,
      method: 'exact',
    });
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], 'two-sided').pValue).toBe(2 / 20);
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6], 'greater').pValue).toBe(1);
  });

  it('counts the exact null distribution as enumeration does', () => {
    for (const [n1, n2] of [
      [1, 1],
      [2, 3],
      [4, 4],
      [5, 3],
      [6, 7],
    ]) {
      const pooled = Array.from({ length: n1 + n2 }, (_, i) => i);
      const byEnumeration = new Array(n1 * n2 + 1).fill(0);
      for (const u of uOfEverySplit(pooled, n1)) byEnumeration[u]++;
      expect(exactNullCounts(n1, n2)).toEqual(byEnumeration);
    }
  });

  it('matches the permutation p-value of small samples without ties', () => {
    const x = [12.1, 15.3, 9.8, 20.4, 17.7, 14.2, 18.9];
    const y = [8.4, 11.0, 10.2, 13.5, 7.9, 16.1];
    const expected = permutationPValues(x, y);
    const greater = mannWhitneyU(x, y, 'greater');
    expect(greater.method).toBe('exact');
    expect(greater.u).toBe(expected.u);
    expect(greater.pValue).toBeCloseTo(expected.greater, 12);
    expect(mannWhitneyU(x, y, 'less').pValue).toBeCloseTo(expected.less, 12);
    expect(mannWhitneyU(x, y, 'two-sided').pValue).toBeCloseTo(
      Math.min(1, 2 * Math.min(expected.greater, expected.less)),
      12,
    );
  });

  it('uses midranks and the tie-corrected variance when values tie', () => {
    const x = [1, 2, 2, 3, 5, 5, 7, 8];
    const y = [2, 3, 3, 4, 5, 6, 6, 9];
    // Mean and variance of U over every split: the tie correction is right
    // when the formula's variance is the permutation variance.
    const permutation = permutationPValues(x, y);
    const { u, us } = permutation;
    const mean = us.reduce((s, v) => s + v, 0) / us.length;
    const variance = us.reduce((s, v) => s + (v - mean) ** 2, 0) / us.length;
    const result = mannWhitneyU(x, y, 'less');
    expect(result.method).toBe('normal');
    expect(result.u).toBe(u);
    const z = (u - mean + 0.5) / Math.sqrt(variance);
    expect(result.pValue).toBeCloseTo(normalCdfByIntegration(z), 6);
    // And the approximation is near the permutation p-value itself.
    expect(Math.abs(result.pValue - permutation.less)).toBeLessThan(0.02);
  });

  it('approximates the exact distribution well beyond the exact limit', () => {
    const x = Array.from({ length: 30 }, (_, i) => 2 * i + 1.5);
    const y = Array.from({ length: 30 }, (_, i) => 2 * i);
    const result = mannWhitneyU(x, y, 'greater');
    expect(result.method).toBe('normal');
    expect(result.u).toBe(uByPairs(x, y));
    const counts = exactNullCounts(30, 30);
    const total = counts.reduce((s, c) => s + c, 0);
    const exact =
      counts.slice(Math.ceil(result.u)).reduce((s, c) => s + c, 0) / total;
    expect(Math.abs(result.pValue - exact)).toBeLessThan(0.002);
  });

  it('is symmetric: x greater than y is y less than x', () => {
    const cases = [
      [
        [3, 8, 1, 9, 4],
        [2, 7, 6, 5],
      ],
      [
        [1, 1, 2, 3, 3, 3, 4],
        [2, 2, 3, 5, 6],
      ],
      [Array.from({ length: 40 }, (_, i) => (i * 7) % 13), [1, 4, 4, 9, 12]],
    ];
    for (const [x, y] of cases) {
      const xy = mannWhitneyU(x, y, 'greater');
      const yx = mannWhitneyU(y, x, 'less');
      expect(xy.pValue).toBeCloseTo(yx.pValue, 12);
      expect(xy.u + yx.u).toBe(x.length * y.length);
      expect(mannWhitneyU(x, y, 'two-sided').pValue).toBeCloseTo(
        mannWhitneyU(y, x, 'two-sided').pValue,
        12,
      );
    }
  });

  it('finds no difference between identical samples', () => {
    const sample = [0.3, 0.1, 0.4, 0.1, 0.5, 0.9, 0.2, 0.6];
    expect(mannWhitneyU(sample, [...sample], 'two-sided').pValue).toBe(1);
    // Nothing but ties: no evidence either way.
    expect(mannWhitneyU([2, 2, 2], [2, 2], 'greater').pValue).toBe(1);
  });

  it('gives tiny but non-zero p-values for strongly separated samples', () => {
    const high = Array.from({ length: 60 }, (_, i) => 100 + i);
    const low = Array.from({ length: 60 }, (_, i) => i);
    const result = mannWhitneyU(high, low, 'greater');
    expect(result.u).toBe(3600);
    expect(result.pValue).toBeGreaterThan(0);
    expect(result.pValue).toBeLessThan(1e-15);
    expect(mannWhitneyU(high, low, 'less').pValue).toBeCloseTo(1, 12);
    // Exact: only one of C(20, 10) arrangements puts all ten above.
    const exact = mannWhitneyU(high.slice(0, 10), low.slice(0, 10), 'greater');
    expect(exact.pValue).toBeCloseTo(1 / 184756, 15);
  });

  it('refuses empty samples and values that are not finite numbers', () => {
    expect(() => mannWhitneyU([], [1], 'greater')).toThrow('sample x is empty');
    expect(() => mannWhitneyU([1], [], 'greater')).toThrow('sample y is empty');
    expect(() => mannWhitneyU([1, NaN], [2], 'less')).toThrow(
      'sample x has a value that is not a finite number at index 1 (NaN)',
    );
    expect(() => mannWhitneyU([1], [2, Infinity], 'less')).toThrow(
      'not a finite number',
    );
  });
});
