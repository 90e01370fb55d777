import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { MetricChart, MetricChartProps } from './MetricChart';

const chart = (props: Partial<MetricChartProps>) => (
  <div style={{ width: 600 }}>
    <MetricChart
      title="CPU"
      format={v => `${v} cores`}
      points={[
        [1000, 0.2],
        [1060, 0.4],
        [1120, 0.3],
      ]}
      range={{ start: 1000, end: 1120 }}
      markers={[]}
      {...props}
    />
  </div>
);

describe('MetricChart', () => {
  it('draws the series with a marker per release', async () => {
    const { container } = await renderInTestApp(
      chart({
        markers: [
          {
            revision: 4,
            at: 1060,
            images: ['registry.local/shop-web:1.4.0'],
          },
        ],
      }),
    );
    expect(screen.getByRole('figure', { name: 'CPU' })).toBeInTheDocument();
    expect(await screen.findByText('r4')).toBeInTheDocument();
    expect(container.querySelector('.recharts-line')).not.toBeNull();
  });

  it('labels releases of the same moment once, and lists them on hover', async () => {
    const { container } = await renderInTestApp(
      chart({
        markers: [1, 2, 3].map(revision => ({
          revision,
          at: 1010,
          images: [`registry.local/shop-web:1.${revision}.0`],
        })),
      }),
    );
    const labels = await screen.findAllByTestId('release-marker');
    expect(labels.map(l => l.textContent)).toEqual(['r1–r3']);
    // Every release still has its line.
    expect(container.querySelectorAll('.recharts-reference-line')).toHaveLength(
      3,
    );
    fireEvent.mouseOver(labels[0]);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip.textContent).toContain('r2 · ');
    expect(tooltip.textContent).toContain(
      'revision 3 released: registry.local/shop-web:1.3.0',
    );
  });

  it('puts only whole numbers on the axis of a count', async () => {
    const counts: MetricChartProps['points'] = [
      [1000, 0],
      [1060, 1],
      [1120, 1],
    ];
    // The axis asks the format for each tick's text.
    const ticksOf = async (integer: boolean) => {
      const format = jest.fn(String);
      const { unmount } = await renderInTestApp(
        chart({ title: 'Restarts', points: counts, format, integer }),
      );
      unmount();
      return [...new Set(format.mock.calls.map(([value]) => value))];
    };
    // A plain chart of the same numbers says 0.25, 0.5, 0.75 …
    expect(await ticksOf(false)).toEqual(
      expect.arrayContaining([0.25, 0.5, 0.75]),
    );
    const whole = await ticksOf(true);
    expect(whole.length).toBeGreaterThan(1);
    expect(whole.every(Number.isInteger)).toBe(true);
  });

  it('shades bands inside the range and leaves out the rest', async () => {
    const { container } = await renderInTestApp(
      chart({
        bands: [
          { start: 900, end: 1050, label: 'r3 · 0.4 %' },
          { start: 1050, end: 1200, label: 'r4 · 6.1 %', tone: 'error' },
          { start: 100, end: 200, label: 'r1 · long ago' },
        ],
      }),
    );
    expect(await screen.findByText('r3 · 0.4 %')).toBeInTheDocument();
    expect(screen.getByText('r4 · 6.1 %')).toBeInTheDocument();
    expect(screen.queryByText('r1 · long ago')).not.toBeInTheDocument();
    expect(container.querySelectorAll('.recharts-reference-area')).toHaveLength(
      2,
    );
  });
});
