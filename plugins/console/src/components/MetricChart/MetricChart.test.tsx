import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MetricChart } from './MetricChart';

describe('MetricChart', () => {
  it('draws the series with a marker per release', async () => {
    const { container } = await renderInTestApp(
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
          markers={[
            {
              revision: 4,
              at: 1060,
              images: ['registry.local/shop-web:1.4.0'],
            },
          ]}
        />
      </div>,
    );
    expect(screen.getByRole('figure', { name: 'CPU' })).toBeInTheDocument();
    expect(await screen.findByText('r4')).toBeInTheDocument();
    expect(container.querySelector('.recharts-line')).not.toBeNull();
  });
});
