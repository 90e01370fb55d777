import { MetricsResponse } from '@paasport/plugin-console-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { releasesWithFailingProd } from '../../__testUtils__/fixtures';
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
    requestRate: points(12),
    errorRate: [],
    latencyP95: [],
  },
  errors: { latencyP95: 'histogram not found' },
  markers: [
    { revision: 3, at: end - 1800, images: ['registry.local/shop-web:1.3.0'] },
  ],
};

function renderMetrics(getMetrics: jest.Mock) {
  return renderWithEntity(<MetricsContent />, {
    api: fakeConsoleApi({
      getReleases: jest.fn(async () => releasesWithFailingProd()),
      getMetrics,
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
      'Container restarts',
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
});
