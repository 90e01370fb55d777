import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import {
  releasesWithFailingProd,
  workload,
} from '../../__testUtils__/fixtures';
import { fakeLogStreams, line } from '../../__testUtils__/logStreams';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { LogsContent } from './LogsContent';

jest.setTimeout(20_000);

async function renderLogs(releases = releasesWithFailingProd()) {
  const { streams, streamLogs } = fakeLogStreams();
  const api = fakeConsoleApi({
    getReleases: jest.fn(async () => releases),
    streamLogs,
  });
  const rendered = await renderWithEntity(<LogsContent />, { api });
  const log = await screen.findByRole('log', {
    name: 'Logs of shop-web on dev',
  });
  await waitFor(() => expect(streams).toHaveLength(1));
  return { ...rendered, streams, streamLogs, log };
}

describe('LogsContent', () => {
  it('follows the logs of the first workload, with the pod on each line', async () => {
    const { streams, streamLogs, log, unmount } = await renderLogs();
    expect(streamLogs).toHaveBeenCalledWith(
      'component:default/shop-web',
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'storefront',
        workload: 'shop-web',
        tailLines: 100,
        previous: false,
        follow: true,
      },
      expect.any(AbortSignal),
    );
    // The cluster that failed is reported; the one that answered works.
    expect(
      screen.getByText(/Cluster prod: could not load workloads/),
    ).toBeInTheDocument();
    expect(screen.getByText('Following…')).toBeInTheDocument();

    streams[0].push(line('shop-web-7d9f-abcde', 'GET / 200', 1));
    streams[0].push(line('shop-web-7d9f-fghij', 'GET /cart 200', 2));
    streams[0].push({
      type: 'error',
      pod: 'shop-web-7d9f-klmno',
      container: 'shop-web',
      message: 'container is waiting to start',
    });
    expect(await within(log).findByText('GET /cart 200')).toBeInTheDocument();
    const rows = Array.from(log.children).map(row => row.textContent);
    expect(rows).toEqual([
      expect.stringMatching(/shop-web-7d9f-abcdeGET \/ 200$/),
      expect.stringMatching(/shop-web-7d9f-fghijGET \/cart 200$/),
      'shop-web-7d9f-klmnoerror: container is waiting to start',
    ]);

    expect(streams[0].signal.aborted).toBe(false);
    unmount();
    expect(streams[0].signal.aborted).toBe(true);
  });

  it('holds lines while paused and shows them on resume', async () => {
    const user = userEvent.setup();
    const { streams, log } = await renderLogs();
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    streams[0].push(line('shop-web-7d9f-abcde', 'while paused'));
    // By text: role queries over the whole MUI page are slow enough to time out.
    expect(await screen.findByText('Resume (1 new)')).toBeInTheDocument();
    expect(within(log).queryByText('while paused')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Resume (1 new)' }));
    expect(within(log).getByText('while paused')).toBeInTheDocument();
    expect(streams).toHaveLength(1);
  });

  it('restarts the stream when the filter, tail or previous option changes', async () => {
    const user = userEvent.setup();
    const { streams } = await renderLogs();

    await user.type(screen.getByRole('textbox', { name: 'Filter' }), 'error');
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(streams[0].signal.aborted).toBe(true);
    expect(streams[1].query).toMatchObject({ filter: 'error', follow: true });

    await user.selectOptions(screen.getByLabelText('Tail'), '500');
    await waitFor(() => expect(streams).toHaveLength(3));
    expect(streams[2].query).toMatchObject({ tailLines: 500, filter: 'error' });

    await user.click(
      screen.getByRole('checkbox', { name: 'Previous containers' }),
    );
    await waitFor(() => expect(streams).toHaveLength(4));
    // Terminated containers' logs are not followed.
    expect(streams[3].query).toMatchObject({ previous: true, follow: false });
    expect(streams.slice(0, 3).every(s => s.signal.aborted)).toBe(true);
  });

  it('says plainly who may read the logs when the backend refuses', async () => {
    const refused = Object.assign(
      new Error('Request failed with 403 Forbidden'),
      {
        name: 'ResponseError',
        cause: Object.assign(new Error(), {
          name: 'NotAllowedError',
          message:
            'Not allowed: console.logs.read on component:default/shop-web',
        }),
      },
    );
    const api = fakeConsoleApi({
      getReleases: jest.fn(async () => releasesWithFailingProd()),
      streamLogs: jest.fn(() =>
        (async function* events() {
          yield* [];
          throw refused;
        })(),
      ),
    });
    await renderWithEntity(<LogsContent />, { api });
    expect(await screen.findByText('You cannot read these logs')).toBeVisible();
    expect(
      screen.getByText(
        /Not allowed: console.logs.read on component:default\/shop-web\. Logs are readable by the team that owns this component/,
      ),
    ).toBeVisible();
    expect(screen.queryByText('The log stream failed')).toBeNull();
  });

  it('says when the backend ended the stream', async () => {
    const { streams } = await renderLogs();
    streams[0].push({ type: 'end', reason: 'no running pods' });
    expect(
      await screen.findByText('Stream ended: no running pods'),
    ).toBeInTheDocument();
  });

  it('streams one picked container, keeps it with the previous toggle, and resets it for another workload', async () => {
    const user = userEvent.setup();
    const releases = releasesWithFailingProd();
    releases.clusters[0] = {
      cluster: 'dev',
      cache: { synced: true, stale: false },
      workloads: [
        workload({
          containers: ['shop-web', 'istio-proxy'],
          initContainers: ['migrate'],
        }),
        workload({ name: 'shop-web-canary' }),
      ],
    };
    const { streams } = await renderLogs(releases);
    // All containers by default: no container in the query.
    expect(streams[0].query).not.toHaveProperty('container');
    const picker = screen.getByLabelText('Container');
    expect(
      within(picker)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'All containers (2)',
      'shop-web',
      'istio-proxy',
      'migrate (init)',
    ]);

    await user.selectOptions(picker, 'istio-proxy');
    await waitFor(() => expect(streams).toHaveLength(2));
    expect(streams[0].signal.aborted).toBe(true);
    expect(streams[1].query).toMatchObject({
      container: 'istio-proxy',
      follow: true,
    });
    expect(
      screen.getByRole('log', {
        name: 'Logs of shop-web (istio-proxy) on dev',
      }),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole('checkbox', { name: 'Previous containers' }),
    );
    await waitFor(() => expect(streams).toHaveLength(3));
    expect(streams[2].query).toMatchObject({
      container: 'istio-proxy',
      previous: true,
      follow: false,
    });

    await user.selectOptions(
      screen.getByLabelText('Workload'),
      'dev/Deployment/storefront/shop-web-canary',
    );
    await waitFor(() => expect(streams).toHaveLength(4));
    expect(streams[3].query).toMatchObject({
      workload: 'shop-web-canary',
      previous: true,
    });
    expect(streams[3].query).not.toHaveProperty('container');
    expect(screen.getByLabelText('Container')).toHaveValue('');

    await user.selectOptions(
      screen.getByLabelText('Container'),
      'All containers',
    );
    expect(streams).toHaveLength(4);
  });

  it('keeps the view in time order when a line arrives after later ones', async () => {
    const { streams, log } = await renderLogs();
    streams[0].push(line('shop-web-7d9f-abcde', 'second', 2));
    streams[0].push(line('shop-web-7d9f-abcde', 'third', 3));
    expect(await within(log).findByText('third')).toBeInTheDocument();
    streams[0].push(line('shop-web-7d9f-fghij', 'first', 1));
    expect(await within(log).findByText('first')).toBeInTheDocument();
    expect(
      Array.from(log.querySelectorAll('time')).map(t =>
        t.getAttribute('datetime'),
      ),
    ).toEqual([
      '2026-06-01T10:00:01.000Z',
      '2026-06-01T10:00:02.000Z',
      '2026-06-01T10:00:03.000Z',
    ]);
  });

  it('colours lines by their level', async () => {
    const { streams, log } = await renderLogs();
    const json = (level: string, msg: string) =>
      JSON.stringify({ level, msg, status: 200 });
    streams[0].push(line('shop-web-7d9f-abcde', json('error', 'boom'), 1));
    streams[0].push(line('shop-web-7d9f-abcde', json('warn', 'slow'), 2));
    streams[0].push(line('shop-web-7d9f-abcde', json('debug', 'cache'), 3));
    streams[0].push(line('shop-web-7d9f-abcde', json('info', 'fine'), 4));
    streams[0].push(line('shop-web-7d9f-abcde', '[ERROR] plain text', 5));
    expect(await within(log).findByText(/plain text/)).toBeInTheDocument();
    expect(
      Array.from(log.children).map(row => row.getAttribute('data-level')),
    ).toEqual(['error', 'warn', 'debug', 'info', 'error']);
    const colour = (row: Element) => getComputedStyle(row).color;
    const [error, warn, debug, info, plainError] = Array.from(log.children);
    expect(colour(error)).not.toBe(colour(info));
    expect(colour(warn)).not.toBe(colour(info));
    expect(colour(warn)).not.toBe(colour(error));
    expect(getComputedStyle(debug).opacity).not.toBe('1');
    expect(colour(plainError)).toBe(colour(error));
  });

  it('keeps every select label above its value, also for empty values', async () => {
    await renderLogs();
    for (const name of ['Cluster', 'Workload', 'Container', 'Tail', 'Since']) {
      const select = screen.getByLabelText(name);
      const label = document.querySelector(`label[for="${select.id}"]`);
      expect(label).toHaveAttribute('data-shrink', 'true');
    }
    expect(screen.getByLabelText('Since')).toHaveValue('');
    expect(screen.getByLabelText('Container')).toHaveValue('');
  });

  it('shows JSON fields as columns and filters on a clicked value', async () => {
    const user = userEvent.setup();
    const { streams, log } = await renderLogs();
    const request = (status: number, path: string) =>
      JSON.stringify({
        ts: '2026-06-01T10:00:00Z',
        level: status >= 500 ? 'error' : 'info',
        msg: 'request completed',
        method: 'GET',
        path,
        status,
      });
    streams[0].push(line('shop-web-7d9f-abcde', request(200, '/cart'), 1));
    streams[0].push(line('shop-web-7d9f-fghij', request(500, '/pay'), 2));
    streams[0].push(line('shop-web-7d9f-fghij', 'plain text line', 3));
    expect(await within(log).findByText(/plain text line/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Fields' }));
    const table = within(log).getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['time', 'pod', 'level', 'message', 'method', 'path', 'status']);
    // Plain text shows in the message column.
    expect(within(table).getByText('plain text line').tagName).toBe('TD');
    expect(within(table).getAllByRole('row')).toHaveLength(4);

    await user.click(within(table).getByRole('button', { name: '500' }));
    expect(screen.getByText('status=500')).toBeInTheDocument();
    expect(screen.getByText('1 of 3 lines')).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('/pay');
    expect(rows[0]).toHaveAttribute('data-level', 'error');

    // A pod filter on top, then the status filter removed.
    await user.click(
      within(rows[0]).getByRole('button', { name: 'shop-web-7d9f-fghij' }),
    );
    await user.click(screen.getByTitle('Remove filter status=500'));
    expect(screen.queryByText('status=500')).toBeNull();
    expect(screen.getByText('pod=shop-web-7d9f-fghij')).toBeInTheDocument();
    expect(within(table).getAllByRole('row').slice(1)).toHaveLength(2);

    // The raw view keeps the filter.
    await user.click(screen.getByRole('button', { name: 'Raw' }));
    expect(Array.from(log.children).map(r => r.textContent)).toEqual([
      expect.stringContaining('/pay'),
      expect.stringContaining('plain text line'),
    ]);
    expect(streams).toHaveLength(1);
  });
});
