/**
 * Φ(z), the standard normal distribution function, to about seven
 * significant digits in both tails (relative error of erfc below 1.2e-7),
 * which is more than a p-value needs.
 *
 * @internal
 */
export function standardNormalCdf(z: number): number {
  return 0.5 * complementaryErrorFunction(-z / Math.SQRT2);
}

// Chebyshev fit of erfc (Press et al., Numerical Recipes, §6.2): the
// relative error stays small far into the tail, where the p-values of
// strongly separated samples lie and where 1 - erf(x) would round to 0.
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
  -1.13520398, 1.48851587, -0.82215223, 0.17087277,
];

function complementaryErrorFunction(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x));
  let polynomial = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) {
    polynomial = polynomial * t + ERFC_COEFFICIENTS[i];
  }
  const value = t * Math.exp(-x * x + polynomial);
  return x >= 0 ? value : 2 - value;
}
