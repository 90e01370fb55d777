import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { ConsoleClient } from '@paasport/plugin-console-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { releasesWithFailingProd } from './__testUtils__/fixtures';
import { renderWithEntity } from './__testUtils__/renderWithEntity';
import {
  EntityConsoleLogsContent,
  EntityConsoleReleasesContent,
} from './plugin';

// The tabs over the real ConsoleClient and HTTP, as the backend's router
// serves them: checks paths, query strings and the NDJSON log stream.
const server = setupServer();
registerMswTestHooks(server);

const base =
  'http://example.com/api/console/entities/component/default/shop-web';
const client = () =>
  new ConsoleClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: { fetch: (...args) => fetch(...args) },
  });

describe('console tabs over HTTP', () => {
  it('loads releases from the backend', async () => {
    server.use(
      http.get(`${base}/releases`, () =>
        HttpResponse.json(releasesWithFailingProd()),
      ),
      http.get(`${base}/canaries`, () => HttpResponse.json({ canaries: [] })),
    );
    await renderWithEntity(
      <EntityConsoleReleasesContent refreshIntervalMs={0} />,
      {
        api: client(),
      },
    );
    expect(
      await screen.findByRole('table', {
        name: 'Revisions of shop-web on dev',
      }),
    ).toBeInTheDocument();
  });

  it('reads the NDJSON log stream with the chosen options', async () => {
    const requested: URL[] = [];
    server.use(
      http.get(`${base}/releases`, () =>
        HttpResponse.json(releasesWithFailingProd()),
      ),
      http.get(`${base}/logs`, ({ request }) => {
        requested.push(new URL(request.url));
        const events = [
          {
            type: 'line',
            timestamp: '2026-06-01T10:00:01.000Z',
            pod: 'shop-web-7d9f-abcde',
            container: 'shop-web',
            text: 'listening on :8080',
          },
          { type: 'end', reason: 'all log streams ended' },
        ];
        return new HttpResponse(
          events.map(e => `${JSON.stringify(e)}\n`).join(''),
          {
            headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8' },
          },
        );
      }),
    );
    await renderWithEntity(<EntityConsoleLogsContent />, { api: client() });
    const log = await screen.findByRole('log', {
      name: 'Logs of shop-web on dev',
    });
    expect(
      await within(log).findByText('listening on :8080'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Stream ended: all log streams ended'),
    ).toBeInTheDocument();
    expect(Object.fromEntries(requested[0].searchParams)).toEqual({
      cluster: 'dev',
      kind: 'Deployment',
      namespace: 'storefront',
      workload: 'shop-web',
      tailLines: '100',
      previous: 'false',
      follow: 'true',
    });
  });
});
