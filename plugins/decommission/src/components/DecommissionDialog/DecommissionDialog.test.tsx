import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  fakeDecommissionApi,
  legacyPlan,
  legacySystem,
  runOf,
} from '../../__testUtils__/fixtures';
import { renderWithApi } from '../../__testUtils__/renderDialog';
import { DecommissionDialog } from './DecommissionDialog';

const render = (
  api = fakeDecommissionApi(),
  authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) =>
  renderWithApi(
    <DecommissionDialog
      entity={legacySystem}
      onClose={jest.fn()}
      pollIntervalMs={20}
    />,
    { api, authorize },
  );

// MUI dialogs with tables are slow in jsdom on a loaded machine.
jest.setTimeout(30_000);

describe('DecommissionDialog', () => {
  it('shows the preview, wants the exact name, then follows the run to its report', async () => {
    const api = fakeDecommissionApi();
    await render(api);
    const table = await screen.findByRole('table', {
      name: 'What decommissioning legacy removes',
    });
    expect(within(table).getByText('On the clusters')).toBeInTheDocument();
    expect(
      within(table).getByText('Deployment legacy/legacy-api on dev'),
    ).toBeInTheDocument();
    expect(
      within(table).getByText(/marketplace backend is not installed/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Removes 2 objects on 2 clusters, 0 middleware instances, 0 repositories to archive, 2 catalog entities.',
      ),
    ).toBeInTheDocument();

    const go = screen.getByRole('button', { name: 'Decommission legacy' });
    expect(go).toBeDisabled();
    const input = screen.getByLabelText('Type legacy to confirm');
    await userEvent.type(input, 'Legacy');
    expect(go).toBeDisabled();
    await userEvent.clear(input);
    await userEvent.type(input, 'legacy');
    expect(go).toBeEnabled();
    await userEvent.click(go);

    expect(api.start).toHaveBeenCalledWith('system:default/legacy', {
      confirmation: 'legacy',
      fingerprint: legacyPlan.fingerprint,
    });
    expect(
      await screen.findByText('Decommissioned legacy'),
    ).toBeInTheDocument();
    const report = screen.getByRole('table', {
      name: 'Report of the decommission of legacy',
    });
    expect(within(report).getAllByText('deleted')).toHaveLength(3);
    expect(
      screen.queryByRole('button', { name: 'Retry' }),
    ).not.toBeInTheDocument();
  });

  it('explains what blocks the decommission and keeps it disabled', async () => {
    const api = fakeDecommissionApi({
      getPreview: jest.fn(async () => ({
        ...legacyPlan,
        blockers: [
          'Cluster prod: could not list Deployments: connection refused',
        ],
      })),
    });
    await render(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The decommission cannot run');
    expect(alert).toHaveTextContent('connection refused');
    expect(screen.getByLabelText('Type legacy to confirm')).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Decommission legacy' }),
    ).toBeDisabled();
  });

  it('tells a non-owner who may do it', async () => {
    await render(fakeDecommissionApi(), AuthorizeResult.DENY);
    expect(
      await screen.findByText(
        'Only the owners of legacy (and platform admins) may decommission it.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Type legacy to confirm')).toBeDisabled();
  });

  it('shows a refused start and reviews again', async () => {
    const conflict = new Response(
      JSON.stringify({
        error: {
          name: 'ConflictError',
          message:
            'What the decommission would remove changed since the preview; review it again',
        },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: 409 },
      }),
      { status: 409, headers: { 'Content-Type': 'application/json' } },
    );
    const api = fakeDecommissionApi({
      start: jest.fn(async () => {
        throw await ResponseError.fromResponse(conflict);
      }),
    });
    await render(api);
    await userEvent.type(
      await screen.findByLabelText('Type legacy to confirm'),
      'legacy',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Decommission legacy' }),
    );
    expect(
      (await screen.findAllByText(/changed since the preview/)).length,
    ).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Review again' }));
    await waitFor(() => expect(api.getPreview).toHaveBeenCalledTimes(2));
  });

  it('opens on an unfinished run with its report, and retries it', async () => {
    const failed = runOf('failed', i => {
      if (i === 0) return { status: 'failed', error: 'HTTP 403: forbidden' };
      return i === 1 ? { status: 'done', outcome: 'deleted' } : {};
    });
    const succeeded = runOf('succeeded', i =>
      i === 2 ? {} : { status: 'done', outcome: 'already gone' },
    );
    let retried = false;
    const api = fakeDecommissionApi({
      listRuns: jest.fn(async () => [failed]),
      getRun: jest.fn(async () => (retried ? succeeded : failed)),
      retry: jest.fn(async () => {
        retried = true;
        return {
          run: { ...failed, status: 'running' as const },
          created: true,
        };
      }),
    });
    await render(api);
    expect(
      await screen.findByText('The decommission of legacy did not finish'),
    ).toBeInTheDocument();
    expect(screen.getByText('HTTP 403: forbidden')).toBeInTheDocument();
    expect(
      screen.queryByLabelText('Type legacy to confirm'),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(api.retry).toHaveBeenCalledWith(failed.id);
    expect(
      await screen.findByText('Decommissioned legacy'),
    ).toBeInTheDocument();
  });
});
