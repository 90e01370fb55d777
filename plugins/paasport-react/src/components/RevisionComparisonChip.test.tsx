import { fireEvent, render, screen } from '@testing-library/react';
import {
  RevisionComparisonResponse,
  RevisionMeasurement,
} from '@paasport/plugin-console-common';
import { RevisionComparisonChip } from './RevisionComparisonChip';
import { formatErrorRate, formatLatency } from './comparisonFormat';

const H = 3600;
const now = 1_780_000_000;

function side(
  revision: number,
  errorRate: number | null,
  latencyP95: number | null,
  extra: Partial<RevisionMeasurement> = {},
): RevisionMeasurement {
  return {
    revision,
    current: { since: now - 2 * H },
    window: { start: now - 2 * H, end: now },
    requests: errorRate === null ? 12 : 43_210,
    errorRate,
    latencyP95,
    ...extra,
  };
}

const before = side(4, 0.004, 0.048, {
  current: { since: now - 50 * H, until: now - 2 * H },
  window: { start: now - 26 * H, end: now - 2 * H },
  requests: 61_000,
});

function ok(
  revision: RevisionMeasurement,
  against: RevisionMeasurement,
  verdict: Partial<
    Extract<RevisionComparisonResponse, { state: 'ok' }>['verdict']
  > = {},
): RevisionComparisonResponse {
  return {
    state: 'ok',
    cluster: 'dev',
    kind: 'Deployment',
    namespace: 'storefront',
    name: 'shop-api',
    revision,
    against,
    verdict: {
      overall: 'similar',
      errorRate: 'similar',
      latencyP95: 'similar',
      ...verdict,
    },
  };
}

const chip = (text: string | RegExp) =>
  screen.getByText(text).closest('.MuiChip-root') as HTMLElement;

describe('RevisionComparisonChip', () => {
  it('shows a bad release in red with both measures side by side', () => {
    render(
      <RevisionComparisonChip
        comparison={ok(side(5, 0.061, 0.49), before, {
          overall: 'worse',
          errorRate: 'worse',
          latencyP95: 'worse',
        })}
      />,
    );
    const worse = chip('errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms');
    // (The colours themselves are checked in Chromium: jsdom's cascade
    // ignores specificity.)
    expect(worse.dataset.tone).toBe('error');
    // Said in words too, not only in red.
    expect(worse.textContent).toBe(
      'worse: errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms',
    );
    expect(worse.querySelector('svg')).not.toBeNull();
  });

  it('is amber when only the latency is worse, neutral when nothing is', () => {
    render(
      <>
        <RevisionComparisonChip
          prefix="r5 vs r4"
          comparison={ok(side(5, 0.004, 0.2), before, {
            overall: 'worse',
            latencyP95: 'worse',
          })}
        />
        <RevisionComparisonChip comparison={ok(side(6, 0.005, 0.05), before)} />
      </>,
    );
    expect(
      chip('r5 vs r4: errors 0.4 % vs 0.4 % · p95 200 ms vs 48 ms').dataset
        .tone,
    ).toBe('warning');
    const similar = chip('errors 0.5 % vs 0.4 % · p95 50 ms vs 48 ms');
    expect(similar.textContent).toMatch(/^no clear difference: /);
    expect(similar.dataset.tone).toBe('neutral');
    expect(similar.querySelector('svg')).toBeNull();
  });

  it('says "not enough data" instead of a number from nothing', () => {
    render(
      <>
        <RevisionComparisonChip
          comparison={ok(side(5, 0.061, 0.49), side(4, null, null), {
            overall: 'not-enough-data',
            errorRate: 'not-enough-data',
            latencyP95: 'not-enough-data',
          })}
        />
        <RevisionComparisonChip
          comparison={ok(side(7, null, null), side(6, null, null), {
            overall: 'not-enough-data',
          })}
        />
      </>,
    );
    expect(
      screen.getByText(
        'errors 6.1 % vs not enough data · p95 490 ms vs not enough data',
      ),
    ).toBeTruthy();
    expect(chip(/^not enough data$/).textContent).toBe(
      'not enough data: not enough data',
    );
  });

  it('explains the measured windows and the rule on hover', async () => {
    render(
      <RevisionComparisonChip
        names={{ against: 'revision 4 (before)' }}
        comparison={ok(side(5, 0.061, 0.49), before, {
          overall: 'worse',
          errorRate: 'worse',
        })}
      />,
    );
    fireEvent.mouseOver(chip(/^errors 6\.1 %/));
    const tooltip = await screen.findByRole('tooltip');
    const text = tooltip.textContent ?? '';
    expect(text).toContain('Revision 5 against revision 4 (before): worse.');
    expect(text).toMatch(
      /Revision 5: current since .*; measured all 2 hours of it: 43,210 requests\./,
    );
    expect(text).toMatch(
      /Revision 4 \(before\): current .* – .*; measured the last 24 hours of it: 61,000 requests\./,
    );
    expect(text).toContain('at least 2× and 1 point higher');
  });

  it('shows progress, a failure, and nothing when there is nothing to compare', () => {
    const { container, rerender } = render(<RevisionComparisonChip loading />);
    expect(screen.getByText('comparing…')).toBeTruthy();
    rerender(<RevisionComparisonChip error={new Error('Prometheus down')} />);
    expect(screen.getByText('comparison unavailable')).toBeTruthy();
    for (const state of ['unconfigured', 'no-baseline'] as const) {
      rerender(
        <RevisionComparisonChip
          comparison={{ state, cluster: 'dev', revision: 1, message: 'why' }}
        />,
      );
      expect(container.innerHTML).toBe('');
    }
  });
});

describe('comparison formats', () => {
  it('prints rates and latencies the way people read them', () => {
    expect([0, 0.0004, 0.004, 0.061, 0.123, 1].map(formatErrorRate)).toEqual([
      '0.0 %',
      '<0.1 %',
      '0.4 %',
      '6.1 %',
      '12 %',
      '100 %',
    ]);
    expect([0.0004, 0.048, 0.49, 1.234].map(formatLatency)).toEqual([
      '<1 ms',
      '48 ms',
      '490 ms',
      '1.2 s',
    ]);
  });
});
