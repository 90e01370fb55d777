import { MetricRule } from './verdict';

// The sentences of a verdict: a developer reads them in the UI, possibly
// weeks later, so each carries the numbers it rests on.

/**
 * A number as a person reads it: three significant digits, no trailing
 * zeros, exponent notation only for the very large or very small.
 *
 * @internal
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** A value with its unit: "6 %", "0.35 s", "12". @internal */
export function withUnit(value: number, unit?: string): string {
  return unit ? `${formatNumber(value)} ${unit}` : formatNumber(value);
}

/** A difference: an error rate in % moves by points, not by per cent. */
function difference(value: number, unit?: string): string {
  const sign = value > 0 ? '+' : '';
  const amount = `${sign}${formatNumber(value)}`;
  if (unit === '%')
    return `${amount} ${Math.abs(value) === 1 ? 'point' : 'points'}`;
  return unit ? `${amount} ${unit}` : amount;
}

/** How a p-value reads: 0.0002, or 3.1e-7 when smaller than 0.0001. @internal */
export function formatPValue(p: number): string {
  if (p !== 0 && p < 1e-4) return p.toExponential(1);
  return String(Number(p.toPrecision(2)));
}

/**
 * "canary error rate 6 % vs stable 0.4 % (+5.6 points, tolerance +1 point)":
 * the change is shown in the terms the rule sets tolerances in. The
 * tolerances are signed in the bad direction, so for a metric where lower
 * is worse they read "-1 point" and "×0.8".
 *
 * @internal
 */
export function describeComparison(options: {
  name: string;
  unit?: string;
  canary: number;
  stable: number;
  rule: MetricRule;
}): string {
  const { name, unit, canary, stable, rule } = options;
  const base = `canary ${name} ${withUnit(canary, unit)} vs stable ${withUnit(
    stable,
    unit,
  )}`;
  const change: string[] = [];
  const tolerance: string[] = [];
  const bad = rule.higherIsWorse ? 1 : -1;
  if (rule.maxIncrease !== undefined) {
    change.push(difference(canary - stable, unit));
    tolerance.push(difference(bad * rule.maxIncrease, unit));
  }
  if (rule.maxRatio !== undefined) {
    change.push(`×${formatNumber(plainRatio(canary, stable))}`);
    tolerance.push(`×${formatNumber(rule.maxRatio ** bad)}`);
  }
  if (change.length === 0) return base;
  return `${base} (${change.join(', ')}, tolerance ${tolerance.join(', ')})`;
}

/** canary / stable, with 0 / 0 read as "no change". @internal */
export function plainRatio(canary: number, stable: number): number {
  if (stable === 0) return canary === 0 ? 1 : Infinity * Math.sign(canary);
  return canary / stable;
}
