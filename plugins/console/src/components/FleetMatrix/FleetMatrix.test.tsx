import { screen, within } from '@testing-library/react';
import { canarySummary } from '../../__testUtils__/canaryFixtures';
import { shopMatrix, shopSystem } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { FleetMatrix } from './FleetMatrix';

const rowOf = (name: string) =>
  screen.getByRole('link', { name }).closest('tr') as HTMLElement;

describe('FleetMatrix', () => {
  it('shows revision and images per component and cluster, marking drift', async () => {
    const getReleaseMatrix = jest.fn(async () => shopMatrix);
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      api: { getReleaseMatrix },
      entity: shopSystem,
    });
    expect(
      await screen.findByRole('table', { name: 'Releases per cluster' }),
    ).toBeInTheDocument();
    expect(getReleaseMatrix).toHaveBeenCalledWith('system:default/shop');
    expect(
      screen.getByRole('columnheader', { name: 'dev' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('columnheader', { name: 'prod' }),
    ).toBeInTheDocument();

    // Same image, different revision numbers (per-cluster counters): no drift.
    const api = rowOf('shop-api');
    expect(within(api).getByText(/revision 3/)).toBeInTheDocument();
    expect(within(api).getByText(/revision 4/)).toBeInTheDocument();
    expect(within(api).queryByText('drift')).not.toBeInTheDocument();

    // Different images on dev and prod: both cells marked, prod still rolling.
    const web = rowOf('shop-web');
    expect(within(web).getAllByText('drift')).toHaveLength(2);
    expect(
      within(web).getByText('registry.local/shop-web:1.2.0'),
    ).toBeInTheDocument();
    expect(
      within(web).getByText(/revision 2 · progressing/),
    ).toBeInTheDocument();
  });

  it('marks only the odd one out when most clusters agree, and shows failed clusters', async () => {
    const cell = (cluster: string, tag: string) => ({
      cluster,
      workloads: [
        {
          kind: 'Deployment' as const,
          namespace: 'storefront',
          name: 'shop-web',
          revision: 3,
          images: [`registry.local/shop-web:${tag}`],
          rollout: 'complete' as const,
        },
      ],
    });
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      entity: shopSystem,
      api: {
        getReleaseMatrix: async () => ({
          entityRef: 'system:default/shop',
          clusters: ['dev', 'staging', 'prod', 'edge'],
          freshness: {
            dev: { synced: true, stale: false },
            staging: { synced: true, stale: false },
            prod: { synced: true, stale: false },
            edge: { synced: false, stale: false },
          },
          rows: [
            {
              entityRef: 'component:default/shop-web',
              cells: [
                cell('dev', '1.3.0'),
                cell('staging', '1.3.0'),
                cell('prod', '1.2.0'),
                {
                  cluster: 'edge',
                  error: { name: 'Error', message: 'timeout' },
                },
              ],
            },
          ],
        }),
      },
    });
    const web = await screen.findByRole('link', { name: 'shop-web' });
    // The first cell is the component's name.
    const cells = within(web.closest('tr') as HTMLElement)
      .getAllByRole('cell')
      .slice(1);
    expect(cells.map(c => within(c).queryByText('drift') !== null)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    expect(within(cells[3]).getByText('unavailable')).toBeInTheDocument();
  });

  it("marks a stale cluster's column with how long it has been stale", async () => {
    const staleSince = new Date(Date.now() - 3 * 60_000).toISOString();
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      entity: shopSystem,
      api: {
        getReleaseMatrix: async () => ({
          ...shopMatrix,
          freshness: {
            dev: { synced: true, stale: false },
            prod: { synced: true, stale: true, staleSince },
          },
        }),
      },
    });
    const prod = await screen.findByRole('columnheader', { name: /^prod/ });
    expect(within(prod).getByText('stale since 3 minutes ago')).toBeVisible();
    const dev = screen.getByRole('columnheader', { name: 'dev' });
    expect(within(dev).queryByText(/stale/)).not.toBeInTheDocument();
    // The old data is still shown, under the marker.
    expect(
      within(rowOf('shop-web')).getByText('registry.local/shop-web:1.2.0'),
    ).toBeInTheDocument();
  });

  it('marks nothing stale when every cluster is fresh', async () => {
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      entity: shopSystem,
      api: { getReleaseMatrix: async () => shopMatrix },
    });
    await screen.findByRole('table', { name: 'Releases per cluster' });
    expect(screen.queryByText(/stale since/)).not.toBeInTheDocument();
  });

  it('marks a component mid-canary in its cluster, asking once for the System', async () => {
    const listCanaries = jest.fn(async (entity: unknown) =>
      entity === 'system:default/shop'
        ? {
            canaries: [
              canarySummary({
                entityRef: 'component:default/shop-api',
                name: 'shop-api',
                canaryName: 'shop-api-canary',
                targetWeight: 25,
              }),
              // A finished one is history, not a marker.
              canarySummary({
                id: 'a1b2c3d4-0000-4000-8000-000000000009',
                entityRef: 'component:default/shop-api',
                cluster: 'prod',
                name: 'shop-api',
                canaryName: 'shop-api-canary',
                phase: 'succeeded',
                outcome: 'promoted',
                targetWeight: 100,
                finishedAt: new Date().toISOString(),
              }),
            ],
          }
        : { canaries: [] },
    );
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      entity: shopSystem,
      api: { getReleaseMatrix: async () => shopMatrix, listCanaries },
    });
    const marker = await screen.findByText('canary 25 %');
    const cells = within(rowOf('shop-api')).getAllByRole('cell').slice(1);
    expect(cells[0]).toContainElement(marker);
    expect(within(cells[1]).queryByText(/canary/)).not.toBeInTheDocument();
    expect(
      within(rowOf('shop-web')).queryByText(/canary/),
    ).not.toBeInTheDocument();
    expect(listCanaries.mock.calls.map(c => c[0])).toEqual([
      'system:default/shop',
    ]);
  });

  it('explains an empty System', async () => {
    await renderWithEntity(<FleetMatrix refreshIntervalMs={0} />, {
      entity: shopSystem,
      api: {
        getReleaseMatrix: async () => ({
          entityRef: 'system:default/shop',
          clusters: ['dev'],
          freshness: { dev: { synced: true, stale: false } },
          rows: [],
        }),
      },
    });
    expect(
      await screen.findByText('No Components with workloads'),
    ).toBeInTheDocument();
  });
});
