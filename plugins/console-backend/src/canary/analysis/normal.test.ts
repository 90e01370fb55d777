import { normalCdfByIntegration } from './__testUtils__/normalCdfByIntegration';
import { standardNormalCdf } from './normal';

describe('standardNormalCdf', () => {
  it('agrees with numerical integration of the density, tails included', () => {
    for (const z of [-8, -6, -3.5, -1.96, -1, -0.3, 0, 0.5, 1.64, 2.5, 4]) {
      const expected = normalCdfByIntegration(z);
      // Relative error: a p-value of 1e-15 must not read as 1e-13.
      expect(Math.abs(standardNormalCdf(z) - expected) / expected).toBeLessThan(
        2e-7,
      );
    }
  });

  it('is symmetric around zero', () => {
    for (const z of [0.1, 1, 2.33, 5]) {
      expect(standardNormalCdf(z) + standardNormalCdf(-z)).toBeCloseTo(1, 12);
    }
  });
});
