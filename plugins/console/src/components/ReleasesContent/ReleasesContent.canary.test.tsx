import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ReleasesResponse } from '@paasport/plugin-console-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  canaryDetail,
  canarySummary,
} from '../../__testUtils__/canaryFixtures';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { workload } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { ReleasesContent } from './ReleasesContent';

jest.setTimeout(30_000);

/** shop-web on dev, and its canary Deployment beside it. */
const releases = (withCanaryDeployment: boolean): ReleasesResponse => ({
  entityRef: 'component:default/shop-web',
  clusters: [
    {
      cluster: 'dev',
      cache: { synced: true, stale: false },
      workloads: [
        workload(),
        ...(withCanaryDeployment
          ? [workload({ name: 'shop-web-canary', resourceVersion: '4712' })]
          : []),
      ],
    },
  ],
});

const past = canarySummary({
  id: 'a1b2c3d4-0000-4000-8000-000000000002',
  phase: 'aborted',
  outcome: 'aborted',
  message: 'Aborted by user:default/bob',
  finishedAt: new Date().toISOString(),
  allowedActions: [],
});

const baseApi = () =>
  fakeConsoleApi({
    getRevisionComparison: jest.fn(async () => ({
      state: 'unconfigured' as const,
      cluster: 'dev',
      message: 'No Prometheus is configured for dev',
    })),
    getMetrics: jest.fn(async () => ({
      state: 'unconfigured' as const,
      cluster: 'dev',
      message: 'No Prometheus is configured for dev',
    })),
  });

const section = (name: string) =>
  screen.findByRole('region', { name: `Deployment storefront/${name} on dev` });

describe('ReleasesContent with canaries', () => {
  it("shows a running canary above the Deployment's revisions, and its past ones below", async () => {
    const api = baseApi();
    api.getReleases.mockImplementation(async () => releases(true));
    api.listCanaries.mockImplementation(async () => ({
      canaries: [canarySummary(), past],
    }));
    api.getCanary.mockImplementation(async () => canaryDetail());
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api,
    });
    const stable = await section('shop-web');
    const panel = await within(stable).findByRole('region', {
      name: 'Canary of shop-web on dev',
    });
    const revisions = within(stable).getByRole('table', {
      name: 'Revisions of shop-web on dev',
    });
    expect(
      // eslint-disable-next-line no-bitwise
      panel.compareDocumentPosition(revisions) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    const history = within(stable).getByRole('table', {
      name: 'Past canaries of shop-web on dev',
    });
    expect(
      within(history).getByText('Aborted by user:default/bob'),
    ).toBeVisible();
    await waitFor(() =>
      expect(
        within(stable).getByRole('button', { name: 'Start canary' }),
      ).toHaveAccessibleDescription(
        'A canary of shop-web is already running on dev.',
      ),
    );

    // The canary Deployment is listed too, but is no place to start one.
    const canaryDeployment = await section('shop-web-canary');
    expect(
      within(canaryDeployment).queryByRole('region', { name: /^Canary of/ }),
    ).not.toBeInTheDocument();
    expect(
      within(canaryDeployment).getByRole('button', { name: 'Start canary' }),
    ).toBeDisabled();
  });

  it('starts a canary and shows its panel once the backend has it', async () => {
    const user = userEvent.setup();
    const api = baseApi();
    api.getReleases.mockImplementation(async () => releases(false));
    api.listCanaries
      .mockResolvedValueOnce({ canaries: [] })
      .mockResolvedValue({ canaries: [canarySummary()] });
    api.startCanary.mockImplementation(async () => canaryDetail());
    api.getCanary.mockImplementation(async () => canaryDetail());
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api,
      authorize: { 'console.workload.canary': AuthorizeResult.ALLOW },
    });
    const stable = await section('shop-web');
    const start = within(stable).getByRole('button', { name: 'Start canary' });
    await waitFor(() => expect(start).toBeEnabled());
    await user.click(start);
    const dialog = await screen.findByRole('dialog', {
      name: 'Start a canary of shop-web on dev',
    });
    const image = within(dialog).getByRole('textbox', {
      name: 'Image of shop-web',
    });
    await user.clear(image);
    await user.type(image, 'registry.local/shop-web:1.4.0');
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Reason' }),
      'release 1.4.0',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    expect(
      await within(stable).findByRole('region', {
        name: 'Canary of shop-web on dev',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.listCanaries).toHaveBeenCalledTimes(2);
  });

  it('keeps the releases when the canaries cannot be listed', async () => {
    const api = baseApi();
    api.getReleases.mockImplementation(async () => releases(false));
    api.listCanaries.mockRejectedValue(new Error('canary store unavailable'));
    await renderWithEntity(<ReleasesContent refreshIntervalMs={0} />, {
      api,
    });
    expect(
      await screen.findByText(
        /Could not load the canary releases: canary store unavailable/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Revisions of shop-web on dev' }),
    ).toBeInTheDocument();
  });
});
