import { InputError } from '@backstage/errors';
import { judgeStep, MetricInput } from './judge';
import { mannWhitneyU } from './mannWhitney';

const settings = { minSamples: 8, alpha: 0.05 };
const queries = { canary: 'canary promql', stable: 'stable promql' };
const errorRateRule = { higherIsWorse: true, maxIncrease: 1 };
const latencyRule = { higherIsWorse: true, maxRatio: 1.2 };

// Error rates in % at ten intervals: a healthy stable track, and a canary
// that answers 5xx to about one request in sixteen.
const stableErrors = [0.3, 0.5, 0.4, 0.2, 0.6, 0.4, 0.3, 0.5, 0.4, 0.4];
const badCanaryErrors = [5.8, 6.2, 6.0, 5.5, 6.4, 6.1, 5.9, 6.0, 6.3, 5.7];

function metric(overrides: Partial<MetricInput> = {}): MetricInput {
  return {
    name: 'error rate',
    unit: '%',
    queries,
    samples: { canary: stableErrors.map(v => v + 0.05), stable: stableErrors },
    rule: errorRateRule,
    ...overrides,
  };
}

const judgeOne = (overrides: Partial<MetricInput>, s = settings) =>
  judgeStep({ metrics: [metric(overrides)], settings: s }).metrics[0];

describe('judgeStep', () => {
  it('fails a canary that is worse beyond tolerance and significantly so', () => {
    const judged = judgeOne({
      samples: { canary: badCanaryErrors, stable: stableErrors },
    });
    expect(judged.outcome).toBe('fail');
    expect(judged.canary).toMatchObject({ samples: 10, median: 6 });
    expect(judged.canary.mean).toBeCloseTo(5.99, 10);
    expect(judged.stable.median).toBe(0.4);
    // Repeated values in each track: the normal approximation.
    const expected = mannWhitneyU(badCanaryErrors, stableErrors, 'greater');
    expect(judged.test).toEqual({
      u: 100,
      pValue: expected.pValue,
      method: 'normal',
      alternative: 'canary greater than stable',
    });
    expect(judged.reason).toBe(
      'canary error rate 6 % vs stable 0.4 % (+5.6 points, tolerance +1 point); Mann-Whitney U p = 8.5e-5 < 0.05: the canary is worse',
    );
  });

  it('passes a canary within tolerance, even when it is significantly worse', () => {
    const judged = judgeOne({
      samples: { canary: stableErrors.map(v => v + 0.3), stable: stableErrors },
    });
    expect(judged.test!.pValue).toBeLessThan(0.05);
    expect(judged.outcome).toBe('pass');
    expect(judged.reason).toMatch(
      /^canary error rate 0\.7 % vs stable 0\.4 % \(\+0\.3 points, tolerance \+1 point\): within tolerance; Mann-Whitney U p = /,
    );
  });

  it('passes a canary beyond tolerance when the test cannot tell it from stable', () => {
    // Medians 3 points apart, but the samples interleave.
    const judged = judgeOne({
      samples: {
        canary: [0.2, 9, 0.4, 8, 0.3, 7, 0.5, 6, 0.6, 5],
        stable: [0.3, 0.5, 0.4, 0.2, 0.6, 0.4, 0.3, 0.5, 9.5, 8.5],
      },
    });
    expect(judged.test!.pValue).toBeGreaterThanOrEqual(0.05);
    expect(judged.outcome).toBe('pass');
    expect(judged.reason).toContain(
      'beyond tolerance, but not significantly worse',
    );
  });

  it('is inconclusive below the minimum sample count, never pass or fail', () => {
    for (const canary of [
      stableErrors.slice(0, 7),
      badCanaryErrors.slice(0, 7),
    ]) {
      const judged = judgeOne({ samples: { canary, stable: stableErrors } });
      expect(judged.outcome).toBe('inconclusive');
      expect(judged.reason).toBe(
        'too few samples of error rate: canary 7, stable 10, need 8 on each track',
      );
      expect(judged.test).toBeUndefined();
    }
  });

  it('counts only finite samples: an interval without data is none', () => {
    const judged = judgeOne({
      samples: {
        canary: [...stableErrors.slice(0, 6), NaN, NaN, Infinity],
        stable: stableErrors,
      },
    });
    expect(judged.outcome).toBe('inconclusive');
    expect(judged.canary.samples).toBe(6);
  });

  it('judges by ratio for latency, and reads lower-is-worse metrics the other way', () => {
    const stable = [0.3, 0.31, 0.29, 0.3, 0.32, 0.28, 0.3, 0.31];
    const slow = stable.map(v => v * 1.5);
    const latency = judgeOne({
      name: 'p95 latency',
      unit: 's',
      rule: latencyRule,
      samples: { canary: slow, stable },
    });
    expect(latency.outcome).toBe('fail');
    expect(latency.reason).toMatch(
      /^canary p95 latency 0\.45 s vs stable 0\.3 s \(×1\.5, tolerance ×1\.2\); Mann-Whitney U p = /,
    );
    // A success rate: falling is the bad direction, rising is fine.
    const successRule = { higherIsWorse: false, maxRatio: 1.2 };
    const falling = judgeOne({
      name: 'success rate',
      rule: successRule,
      samples: { canary: stable, stable: slow },
    });
    expect(falling.outcome).toBe('fail');
    expect(falling.test!.alternative).toBe('canary less than stable');
    expect(falling.reason).toContain('tolerance ×0.833');
    const rising = judgeOne({
      name: 'success rate',
      rule: successRule,
      samples: { canary: slow, stable },
    });
    expect(rising.outcome).toBe('pass');
  });

  it('fails only beyond every tolerance when both are set', () => {
    const stable = stableErrors.map(v => v / 10); // about 0.04 %
    const threeTimes = stable.map(v => v * 3);
    const both = { higherIsWorse: true, maxIncrease: 1, maxRatio: 2 };
    // Three times as many errors, but 0.08 points: noise at this level.
    expect(
      judgeOne({ rule: both, samples: { canary: threeTimes, stable } }).outcome,
    ).toBe('pass');
    expect(
      judgeOne({
        rule: { ...both, maxIncrease: 0.05 },
        samples: { canary: threeTimes, stable },
      }).outcome,
    ).toBe('fail');
  });

  it('fails a canary above its ceiling even when stable has too few samples', () => {
    const rule = { higherIsWorse: true, maxValue: 5 };
    const judged = judgeOne({
      rule,
      samples: { canary: badCanaryErrors, stable: stableErrors.slice(0, 2) },
    });
    expect(judged.outcome).toBe('fail');
    expect(judged.reason).toBe(
      'canary error rate 6 % is above the ceiling of 5 %',
    );
    // But not on fewer samples than the minimum.
    expect(
      judgeOne({
        rule,
        samples: { canary: badCanaryErrors.slice(0, 3), stable: stableErrors },
      }).outcome,
    ).toBe('inconclusive');
    expect(
      judgeOne({
        rule,
        samples: { canary: stableErrors, stable: stableErrors },
      }).reason,
    ).toContain('below the ceiling of 5 %');
  });

  it('is inconclusive on too little traffic, naming the counts', () => {
    const rule = { ...errorRateRule, minTotal: 100 };
    const samples = { canary: badCanaryErrors, stable: stableErrors };
    const low = judgeOne({
      rule,
      samples,
      totals: { canary: 12, stable: 4000 },
    });
    expect(low.outcome).toBe('inconclusive');
    expect(low.reason).toBe(
      'too little traffic to judge error rate: canary 12 requests, stable 4000, need 100 on each track',
    );
    expect(low.canary.total).toBe(12);
    const unknown = judgeOne({ rule, samples });
    expect(unknown.outcome).toBe('inconclusive');
    expect(unknown.reason).toContain('canary unknown requests');
    expect(
      judgeOne({ rule, samples, totals: { canary: 100, stable: 4000 } })
        .outcome,
    ).toBe('fail');
  });

  it('fails the step on any failure, else pauses on any inconclusive metric', () => {
    const pass = metric();
    const fail = metric({
      samples: { canary: badCanaryErrors, stable: stableErrors },
    });
    const unsure = metric({ samples: { canary: [1], stable: stableErrors } });
    const outcome = (...metrics: MetricInput[]) =>
      judgeStep({ metrics, settings }).outcome;
    expect(outcome(pass, pass)).toBe('pass');
    expect(outcome(pass, unsure)).toBe('inconclusive');
    expect(outcome(unsure, fail, pass)).toBe('fail');
  });

  it('returns plain JSON, stamped with the time of judgement', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const verdict = judgeStep({ metrics: [metric()], settings }, now);
    expect(verdict.judgedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(verdict.settings).toEqual(settings);
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
    expect(verdict.metrics[0].queries).toEqual(queries);
    expect(verdict.metrics[0].rule).toEqual(errorRateRule);
  });

  it('refuses settings and rules that could never judge', () => {
    const judge =
      (overrides: Partial<MetricInput>, s: object = settings) =>
      () =>
        judgeStep({
          metrics: [metric(overrides)],
          settings: s as typeof settings,
        });
    // Three samples a side: the smallest p is 1/20, never below 0.05.
    expect(judge({}, { minSamples: 3, alpha: 0.05 })).toThrow(
      /settings\.minSamples: minSamples is too small/,
    );
    expect(judge({}, { minSamples: 4, alpha: 0.05 })).not.toThrow();
    expect(judge({ rule: { higherIsWorse: true } })).toThrow(
      'set at least one of maxIncrease, maxRatio and maxValue',
    );
    expect(judge({ rule: { higherIsWorse: false, maxValue: 3 } })).toThrow(
      InputError,
    );
    expect(judge({ rule: { higherIsWorse: true, maxRatio: 0.9 } })).toThrow(
      'maxRatio',
    );
    expect(() => judgeStep({ metrics: [], settings })).toThrow(InputError);
  });
});
