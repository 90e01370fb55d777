import { consoleApiRef } from '@paasport/plugin-paasport-react';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  ConsoleClient,
  ReleasesResponse,
  RevisionComparisonResponse,
} from '@paasport/plugin-console-common';
import { screen, within } from '@testing-library/react';
import { shopApi, shopReleases } from '../../__testUtils__/shop';
import { ServiceHealthTable } from './ServiceHealthTable';

jest.setTimeout(30_000);

const now = Math.floor(Date.now() / 1000);

/** shop-api 1.2.0 (revision 3) against 1.1.0 (revision 2): worse. */
const comparison: RevisionComparisonResponse = {
  state: 'ok',
  cluster: 'dev',
  kind: 'Deployment',
  namespace: 'storefront',
  name: 'shop-api',
  revision: {
    revision: 3,
    current: { since: now - 7200 },
    window: { start: now - 7200, end: now },
    requests: 52_000,
    errorRate: 0.061,
    latencyP95: 0.49,
  },
  against: {
    revision: 2,
    current: { since: now - 30 * 3600, until: now - 7200 },
    window: { start: now - 26 * 3600, end: now - 7200 },
    requests: 61_000,
    errorRate: 0.004,
    latencyP95: 0.048,
  },
  verdict: { overall: 'worse', errorRate: 'worse', latencyP95: 'worse' },
};

/** shop's releases, with revision 2 of shop-api kept on dev only. */
function releasesWithHistory(): ReleasesResponse {
  return {
    ...shopReleases,
    clusters: shopReleases.clusters.map(entry => {
      if (entry.cluster !== 'dev' || !('workloads' in entry)) return entry;
      return {
        ...entry,
        workloads: entry.workloads.map(w =>
          w.name === 'shop-api'
            ? {
                ...w,
                revisions: [
                  ...w.revisions,
                  {
                    ...w.revisions[0],
                    revision: 2,
                    name: 'shop-api-2',
                    status: 'superseded' as const,
                  },
                ],
              }
            : w,
        ),
      };
    }),
  };
}

describe('ServiceHealthTable', () => {
  it("compares each cluster's current revision of a service with the one before it", async () => {
    const urls: string[] = [];
    const fetchApi = {
      fetch: (async (url: string) => {
        urls.push(String(url));
        return new Response(JSON.stringify(comparison), {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    };
    const discoveryApi = {
      getBaseUrl: async (id: string) => `http://example.com/api/${id}`,
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [fetchApiRef, fetchApi],
          [discoveryApiRef, discoveryApi],
          [consoleApiRef, new ConsoleClient({ discoveryApi, fetchApi })],
        ]}
      >
        <ServiceHealthTable
          name="shop"
          services={[shopApi]}
          releases={releasesWithHistory()}
        />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const row = screen.getByRole('row', { name: /^shop-api/ });
    const [, , dev, prod] = within(row).getAllByRole('cell');
    const chip = await within(dev).findByText(
      'errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms',
    );
    expect(chip.closest('[data-tone]')).toHaveAttribute('data-tone', 'error');
    // prod keeps no earlier revision: nothing to compare, nothing asked.
    expect(within(prod).queryByText(/errors/)).toBeNull();
    expect(urls).toEqual([
      'http://example.com/api/console/entities/component/default/shop-api/comparison?cluster=dev&kind=Deployment&namespace=storefront&workload=shop-api&revision=3',
    ]);
  });
});
