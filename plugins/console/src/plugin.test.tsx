import { screen } from '@testing-library/react';
import { fakeConsoleApi } from './__testUtils__/fakeConsoleApi';
import {
  releasesWithFailingProd,
  shopMatrix,
  shopSystem,
  shopWeb,
} from './__testUtils__/fixtures';
import { fakeLogStreams } from './__testUtils__/logStreams';
import { renderWithEntity } from './__testUtils__/renderWithEntity';
import {
  consoleApiRef,
  consolePlugin,
  EntityConsoleFleetContent,
  EntityConsoleLogsContent,
  EntityConsoleMetricsContent,
  EntityConsoleReleasesContent,
  isConsoleComponent,
  isConsoleSystem,
} from './index';

describe('console plugin in a legacy app', () => {
  it('registers a ConsoleClient for the console API', () => {
    const factories = [...consolePlugin.getApis()];
    expect(factories.map(f => f.api.id)).toEqual([consoleApiRef.id]);
    expect(consolePlugin.getId()).toBe('console');
  });

  it('decides which entities get the tabs', () => {
    expect(isConsoleComponent(shopWeb)).toBe(true);
    expect(isConsoleComponent(shopSystem)).toBe(false);
    expect(
      isConsoleComponent({
        ...shopWeb,
        metadata: { name: 'docs', annotations: {} },
      }),
    ).toBe(false);
    expect(isConsoleSystem(shopSystem)).toBe(true);
    expect(isConsoleSystem(shopWeb)).toBe(false);
  });

  it('renders the Component tabs', async () => {
    const { streamLogs } = fakeLogStreams();
    const api = fakeConsoleApi({
      getReleases: jest.fn(async () => releasesWithFailingProd()),
      getMetrics: jest.fn(async () => ({
        state: 'unconfigured' as const,
        cluster: 'dev',
        message: 'No Prometheus configured for cluster dev',
      })),
      streamLogs,
    });
    await renderWithEntity(
      <>
        <EntityConsoleReleasesContent />
        <EntityConsoleLogsContent />
        <EntityConsoleMetricsContent />
      </>,
      { api },
    );
    expect(
      await screen.findByRole('table', {
        name: 'Revisions of shop-web on dev',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('log', { name: 'Logs of shop-web on dev' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No metrics for cluster dev'),
    ).toBeInTheDocument();
  });

  it('renders the System tab', async () => {
    await renderWithEntity(<EntityConsoleFleetContent />, {
      api: fakeConsoleApi({
        getReleaseMatrix: jest.fn(async () => shopMatrix),
      }),
      entity: shopSystem,
    });
    expect(
      await screen.findByRole('table', { name: 'Releases per cluster' }),
    ).toBeInTheDocument();
  });
});
