import { standardNormalCdf } from './normal';

/**
 * Which way the test looks: `greater` asks whether `x` tends to be larger
 * than `y`, `less` whether it tends to be smaller, `two-sided` either.
 *
 * @internal
 */
export type Alternative = 'greater' | 'less' | 'two-sided';

/** @internal */
export interface MannWhitneyResult {
  /**
   * U of `x`: the pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting one half.
   * Ranges from 0 (every x below every y) to n1 · n2.
   */
  u: number;
  n1: number;
  n2: number;
  pValue: number;
  /** `exact` null distribution, or the normal approximation. */
  method: 'exact' | 'normal';
}

/**
 * Both samples at most this large and no ties: exact p-values. The counts of
 * arrangements stay below 2^53 (C(50, 25) ≈ 1.3e14), so they are exact in a
 * double; above it the normal approximation is already close.
 *
 * @internal
 */
export const EXACT_MAX_SAMPLE_SIZE = 25;

/**
 * Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples. It
 * assumes no shape, only that values can be ordered, which suits latency
 * and error-rate samples that are skewed and full of outliers.
 *
 * Ties get midranks. Without ties and with both samples up to
 * `EXACT_MAX_SAMPLE_SIZE`, the p-value comes from the exact null
 * distribution of U; otherwise from the normal approximation with the tie
 * correction of the variance and a continuity correction.
 *
 * @internal
 */
export function mannWhitneyU(
  x: number[],
  y: number[],
  alternative: Alternative,
): MannWhitneyResult {
  checkSample('x', x);
  checkSample('y', y);
  const n1 = x.length;
  const n2 = y.length;
  const { rankSumX, tieGroupSizes } = rankSum(x, y);
  const u = rankSumX - (n1 * (n1 + 1)) / 2;

  if (
    tieGroupSizes.length === 0 &&
    n1 <= EXACT_MAX_SAMPLE_SIZE &&
    n2 <= EXACT_MAX_SAMPLE_SIZE
  ) {
    return {
      u,
      n1,
      n2,
      pValue: exactPValue(u, n1, n2, alternative),
      method: 'exact',
    };
  }
  return {
    u,
    n1,
    n2,
    pValue: normalPValue(u, n1, n2, tieGroupSizes, alternative),
    method: 'normal',
  };
}

function checkSample(name: string, sample: number[]) {
  if (sample.length === 0) {
    throw new Error(`Mann-Whitney U test: sample ${name} is empty`);
  }
  const bad = sample.findIndex(v => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(
      `Mann-Whitney U test: sample ${name} has a value that is not a finite number at index ${bad} (${sample[bad]})`,
    );
  }
}

/** Sum of x's ranks in the pooled sample, and the sizes of tied groups. */
function rankSum(x: number[], y: number[]) {
  const pooled = [
    ...x.map(value => ({ value, fromX: true })),
    ...y.map(value => ({ value, fromX: false })),
  ].sort((a, b) => a.value - b.value);
  let rankSumX = 0;
  const tieGroupSizes: number[] = [];
  for (let start = 0; start < pooled.length; ) {
    let end = start + 1;
    while (end < pooled.length && pooled[end].value === pooled[start].value) {
      end++;
    }
    // Ranks start+1 … end share their mean.
    const midrank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if (pooled[i].fromX) rankSumX += midrank;
    }
    if (end - start > 1) tieGroupSizes.push(end - start);
    start = end;
  }
  return { rankSumX, tieGroupSizes };
}

/**
 * How many of the C(n1 + n2, n1) equally likely arrangements of the pooled
 * sample give U = 0, 1, …, n1 · n2 when there is no difference.
 *
 * The largest pooled value is either an x, which then beats all n2 y's, or
 * a y, which adds nothing: f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u).
 *
 * @internal
 */
export function exactNullCounts(n1: number, n2: number): number[] {
  // previous[j] is f(i - 1, j, ·) while row i is built.
  let previous: number[][] = Array.from({ length: n2 + 1 }, () => [1]);
  for (let i = 1; i <= n1; i++) {
    const current: number[][] = [[1]];
    for (let j = 1; j <= n2; j++) {
      const counts = new Array<number>(i * j + 1).fill(0);
      const xLargest = previous[j];
      const yLargest = current[j - 1];
      for (let u = 0; u < counts.length; u++) {
        counts[u] = (xLargest[u - j] ?? 0) + (yLargest[u] ?? 0);
      }
      current.push(counts);
    }
    previous = current;
  }
  return previous[n2];
}

function exactPValue(
  u: number,
  n1: number,
  n2: number,
  alternative: Alternative,
): number {
  const counts = exactNullCounts(n1, n2);
  const total = counts.reduce((sum, c) => sum + c, 0);
  // Without ties U is an integer; sum the counts as integers, divide once.
  let atLeast = 0;
  let atMost = 0;
  counts.forEach((count, value) => {
    if (value >= u) atLeast += count;
    if (value <= u) atMost += count;
  });
  const greater = atLeast / total;
  const less = atMost / total;
  if (alternative === 'greater') return greater;
  if (alternative === 'less') return less;
  return Math.min(1, 2 * Math.min(greater, less));
}

function normalPValue(
  u: number,
  n1: number,
  n2: number,
  tieGroupSizes: number[],
  alternative: Alternative,
): number {
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  // Ties shrink the spread of U: each group of t equal values takes away
  // t³ - t from the N³ - N of untied ranks.
  const tieTerm = tieGroupSizes.reduce((sum, t) => sum + t ** 3 - t, 0);
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  // Every value equal: the data cannot tell the samples apart.
  if (!(variance > 0)) return 1;
  const sd = Math.sqrt(variance);
  // The continuity correction moves U half a step towards the mean, as
  // U moves in steps of one half at least.
  if (alternative === 'greater') {
    // Φ(-z) rather than 1 - Φ(z): the subtraction would round tiny
    // p-values to 0.
    return standardNormalCdf(-(u - mean - 0.5) / sd);
  }
  if (alternative === 'less') {
    return standardNormalCdf((u - mean + 0.5) / sd);
  }
  const z = (Math.abs(u - mean) - 0.5) / sd;
  return Math.min(1, 2 * standardNormalCdf(-z));
}
