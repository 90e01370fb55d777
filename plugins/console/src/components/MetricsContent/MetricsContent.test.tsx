import { ConsoleApi, MetricsResponse } from '@paasport/plugin-console-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import {
  badReleaseComparison,
  releasesWithFailingProd,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { MetricsContent } from './MetricsContent';

jest.setTimeout(20_000);

const end = 1_780_000_000;
const points = (value: number): Array<[number, number]> =>
  Array.from({ length: 10 }, (_, i) => [end - 3600 + i * 360, value]);

const okMetrics: MetricsResponse = {
  state: 'ok',
  cluster: 'dev',
  range: { start: end - 3600, end, step: 30 },
  series: {
    cpu: points(0.25),
    memory: points(128 * 1024 ** 2),
    restarts: points(0),
    pods: points(2),
    requestRate: points(12),
    errorRate: [],
    latencyP95: [],
  },
  errors: { latencyP95: 'histogram not found' },
  markers: [
    { revision: 3, at: end - 1800, images: ['registry.local/shop-web:1.3.0'] },
  ],
};

function renderMetrics(
  getMetrics: jest.Mock,
  getRevisionComparison: ConsoleApi['getRevisionComparison'] = jest.fn(
    async () => ({
      state: 'unconfigured' as const,
      cluster: 'dev',
      message: 'No Prometheus configured for cluster dev',
    }),
  ),
) {
  return renderWithEntity(<MetricsContent />, {
    api: fakeConsoleApi({
      getReleases: jest.fn(async () => releasesWithFailingProd()),
      getMetrics,
      getRevisionComparison,
    }),
  });
}

describe('MetricsContent', () => {
  it('explains that Prometheus is not configured for the cluster', async () => {
    const getMetrics = jest.fn(async () => ({
      state: 'unconfigured' as const,
      cluster: 'dev',
      message:
        'No Prometheus configured for cluster dev (paasport.clusters.dev.prometheusUrl)',
    }));
    await renderMetrics(getMetrics);
    expect(
      await screen.findByText('No metrics for cluster dev'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/paasport\.clusters\.dev\.prometheusUrl/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('figure')).not.toBeInTheDocument();
  });

  it('charts every metric, says which series failed, and refetches for another range', async () => {
    const user = userEvent.setup();
    const getMetrics = jest.fn(async () => okMetrics);
    await renderMetrics(getMetrics);
    expect(
      await screen.findByRole('figure', { name: 'CPU' }),
    ).toBeInTheDocument();
    expect(getMetrics).toHaveBeenCalledWith('component:default/shop-web', {
      cluster: 'dev',
      kind: 'Deployment',
      namespace: 'storefront',
      workload: 'shop-web',
      range: '1h',
    });
    for (const title of [
      'Memory (working set)',
      'Container restarts (past hour)',
      'Pods',
      'Request rate',
      'Error rate (5xx)',
      'Latency p95',
    ]) {
      expect(screen.getByRole('figure', { name: title })).toBeInTheDocument();
    }
    expect(screen.getByText('No data in this range')).toBeInTheDocument();
    expect(
      screen.getByText('No data: histogram not found'),
    ).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Range'), '24h');
    await waitFor(() =>
      expect(getMetrics).toHaveBeenLastCalledWith(
        'component:default/shop-web',
        expect.objectContaining({ range: '24h' }),
      ),
    );
  });

  it('compares the current revision with the one before it, above and on the charts', async () => {
    const now = Math.floor(Date.now() / 1000);
    const comparison = badReleaseComparison();
    const getMetrics = jest.fn(async () => ({
      ...okMetrics,
      range: { start: now - 86400, end: now, step: 720 },
      series: {
        ...okMetrics.series,
        errorRate: [
          [now - 20 * 3600, 0.004],
          [now - 3600, 0.061],
        ] as Array<[number, number]>,
        latencyP95: [
          [now - 20 * 3600, 0.048],
          [now - 3600, 0.49],
        ] as Array<[number, number]>,
      },
      errors: {},
      markers: [],
    }));
    const getRevisionComparison = jest.fn(async () => comparison);
    const { container } = await renderMetrics(
      getMetrics,
      getRevisionComparison,
    );
    expect(
      await screen.findByText(
        'r3 vs r2: errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms',
      ),
    ).toBeInTheDocument();
    expect(getRevisionComparison).toHaveBeenCalledWith(
      'component:default/shop-web',
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'storefront',
        workload: 'shop-web',
      },
    );
    // Each revision's measured window is shaded and labelled on the charts
    // of what was compared, and only there.
    const errors = screen.getByRole('figure', { name: 'Error rate (5xx)' });
    // The legend names them in time order, the earlier one first.
    const legend = await within(errors).findByTestId('band-legend');
    expect(legend).toHaveTextContent(/^r2 · 0\.4 %r3 · 6\.1 %$/);
    const latency = screen.getByRole('figure', { name: 'Latency p95' });
    expect(within(latency).getByText('r3 · p95 490 ms')).toBeInTheDocument();
    const cpu = screen.getByRole('figure', { name: 'CPU' });
    expect(within(cpu).queryByText(/^r3 · /)).not.toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-reference-area')).toHaveLength(
      4,
    );
  });
});
