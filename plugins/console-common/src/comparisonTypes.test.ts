import { compareRevisions } from './comparisonTypes';

const m = (errorRate: number | null, latencyP95: number | null) => ({
  errorRate,
  latencyP95,
});

describe('compareRevisions', () => {
  it("calls the demo's bad release worse on both measures", () => {
    expect(compareRevisions(m(0.061, 0.49), m(0.004, 0.048))).toEqual({
      overall: 'worse',
      errorRate: 'worse',
      latencyP95: 'worse',
    });
    // And the other way round, the revision before it is better.
    expect(compareRevisions(m(0.004, 0.048), m(0.061, 0.49))).toEqual({
      overall: 'better',
      errorRate: 'better',
      latencyP95: 'better',
    });
  });

  it('needs twice the error rate and a whole point more', () => {
    // Twice, but only +0.2 points: noise at a low rate.
    expect(compareRevisions(m(0.004, null), m(0.002, null)).errorRate).toBe(
      'similar',
    );
    // +1 point but not twice: a busy service's usual wobble.
    expect(compareRevisions(m(0.1, null), m(0.09, null)).errorRate).toBe(
      'similar',
    );
    // Exactly at both thresholds.
    expect(compareRevisions(m(0.02, null), m(0.01, null)).errorRate).toBe(
      'worse',
    );
    // From no errors at all, one point is enough.
    expect(compareRevisions(m(0.01, null), m(0, null)).errorRate).toBe('worse');
    expect(compareRevisions(m(0.0099, null), m(0, null)).errorRate).toBe(
      'similar',
    );
  });

  it('needs 1.5 times the p95 and 50 ms more', () => {
    expect(compareRevisions(m(null, 0.009), m(null, 0.004)).latencyP95).toBe(
      'similar',
    );
    expect(compareRevisions(m(null, 1.2), m(null, 1.0)).latencyP95).toBe(
      'similar',
    );
    expect(compareRevisions(m(null, 0.15), m(null, 0.1)).latencyP95).toBe(
      'worse',
    );
    expect(compareRevisions(m(null, 0.149), m(null, 0.1)).latencyP95).toBe(
      'similar',
    );
  });

  it('is worse when one measure is, whatever the other', () => {
    expect(compareRevisions(m(0.001, 0.6), m(0.05, 0.1))).toEqual({
      overall: 'worse',
      errorRate: 'better',
      latencyP95: 'worse',
    });
    expect(compareRevisions(m(0.08, null), m(0.01, 0.1)).overall).toBe('worse');
  });

  it('says "not enough data" only when neither measure can be judged', () => {
    expect(compareRevisions(m(null, null), m(0.01, 0.1))).toEqual({
      overall: 'not-enough-data',
      errorRate: 'not-enough-data',
      latencyP95: 'not-enough-data',
    });
    expect(compareRevisions(m(0.01, 0.1), m(null, null)).overall).toBe(
      'not-enough-data',
    );
    expect(compareRevisions(m(0.01, null), m(0.01, 0.1))).toEqual({
      overall: 'similar',
      errorRate: 'similar',
      latencyP95: 'not-enough-data',
    });
  });
});
