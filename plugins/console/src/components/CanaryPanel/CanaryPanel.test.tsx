import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CanarySummary,
  MetricsResponse,
} from '@paasport/plugin-console-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  canaryDetail,
  canarySummary,
  refusal,
} from '../../__testUtils__/canaryFixtures';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { CanaryPanel } from './CanaryPanel';

jest.setTimeout(20_000);

type Authorize = Parameters<typeof renderWithEntity>[1]['authorize'];

const now = Math.floor(Date.now() / 1000);

/** Error rate and p95 of one track over the last five minutes. */
function metrics(errorRate: number, latency: number): MetricsResponse {
  const points = (v: number): Array<[number, number]> =>
    [4, 3, 2, 1].map(m => [now - m * 60, v]);
  return {
    state: 'ok',
    cluster: 'dev',
    range: { start: now - 300, end: now, step: 60 },
    series: {
      cpu: [],
      memory: [],
      restarts: [],
      pods: [],
      requestRate: [],
      errorRate: points(errorRate),
      latencyP95: points(latency),
    },
    errors: {},
    markers: [],
  };
}

function api(overrides: Parameters<typeof fakeConsoleApi>[0] = {}) {
  return fakeConsoleApi({
    getCanary: jest.fn(async () => canaryDetail()),
    getMetrics: jest.fn(async (_entity, query) =>
      query.workload === 'shop-web-canary'
        ? metrics(0.0042, 0.051)
        : metrics(0.004, 0.048),
    ),
    ...overrides,
  });
}

async function renderPanel(
  consoleApi: ReturnType<typeof fakeConsoleApi>,
  canary: CanarySummary = canarySummary(),
  authorize: Authorize = AuthorizeResult.ALLOW,
) {
  const onChanged = jest.fn();
  await renderWithEntity(
    <CanaryPanel
      canary={canary}
      onChanged={onChanged}
      pollIntervalMs={60_000}
      chartRefreshMs={0}
    />,
    { api: consoleApi, authorize },
  );
  const region = await screen.findByRole('region', {
    name: 'Canary of shop-web on dev',
  });
  return { region, onChanged };
}

const cellsOf = (row: HTMLElement) =>
  within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent);

describe('CanaryPanel', () => {
  it('shows step, weights, pods and the release, names only for the environment', async () => {
    const { region } = await renderPanel(api());
    expect(within(region).getByText('analysing')).toBeInTheDocument();
    expect(
      within(region).getByText(
        'Analysing step 2: 25 % of the replicas run the canary',
      ),
    ).toBeInTheDocument();
    expect(within(region).getByText(/^Step 2 of 4:/)).toBeInTheDocument();
    expect(
      within(region).getByText('25 % target · 22.2 % in effect'),
    ).toBeInTheDocument();
    expect(
      within(region).getByText('stable 7/7 ready · canary 2/2 ready'),
    ).toBeInTheDocument();
    expect(
      within(region).getByText('registry.local/shop-web:1.4.0'),
    ).toBeInTheDocument();
    expect(
      within(region).getByText(
        'shop-web: environment FEATURE_CHECKOUT changed',
      ),
    ).toBeInTheDocument();
    expect(
      within(region).queryByText(/pod annotations/),
    ).not.toBeInTheDocument();
  });

  it('names the pod annotations the release changes', async () => {
    const detail = canaryDetail({
      annotationsChanged: [
        'checksum/config',
        'devcluster.paasport.io/error-rate',
      ],
    });
    const { region } = await renderPanel(
      api({ getCanary: jest.fn(async () => detail) }),
    );
    expect(
      await within(region).findByText(
        'pod annotations checksum/config, devcluster.paasport.io/error-rate changed',
      ),
    ).toBeInTheDocument();
  });

  it('lists each verdict with the numbers per metric and its queries', async () => {
    const { region } = await renderPanel(api());
    const table = await within(region).findByRole('table', {
      name: 'Verdicts of the canary of shop-web',
    });
    const [errorRow, latencyRow] = within(table).getAllByRole('row').slice(1);
    // The step and the verdict span the step's metric rows.
    expect(cellsOf(errorRow)).toEqual([
      expect.stringMatching(/^1 · 10 %/),
      'pass',
      'error rate',
      'pass',
      '0.42 %',
      '0.4 %',
      '8 / 8',
      '0.313',
      'canary 0.42 % vs stable 0.4 %: within 1 point',
      expect.stringContaining('shop-web-canary-'),
    ]);
    expect(cellsOf(latencyRow).slice(0, 6)).toEqual([
      'p95 latency',
      'pass',
      '0.051 s',
      '0.048 s',
      '7 / 8',
      'not run',
    ]);
  });

  it('charts both tracks of error rate and p95 over the canary', async () => {
    const consoleApi = api();
    const { region } = await renderPanel(consoleApi);
    const errorRate = await within(region).findByRole('figure', {
      name: 'Error rate (5xx) per track',
    });
    // A line per track, told apart by the legend.
    expect(errorRate.querySelectorAll('.recharts-line')).toHaveLength(2);
    expect(within(errorRate).getByText('canary')).toBeInTheDocument();
    expect(within(errorRate).getByText('stable')).toBeInTheDocument();
    expect(
      within(region).getByRole('figure', { name: 'Latency p95 per track' }),
    ).toBeInTheDocument();
    expect(consoleApi.getMetrics).toHaveBeenCalledTimes(2);
    expect(
      consoleApi.getMetrics.mock.calls.map(c => c[1].workload).sort(),
    ).toEqual(['shop-web', 'shop-web-canary']);
  });

  it('says why and until when it is paused', async () => {
    const until = new Date(Date.now() + 90_000).toISOString();
    const paused = canarySummary({
      phase: 'paused',
      pause: {
        kind: 'inconclusive',
        reason: 'Too few requests to judge step 2 (12 of 50).',
        until,
      },
      allowedActions: ['resume', 'abort'],
    });
    const { region } = await renderPanel(
      api({ getCanary: jest.fn(async () => canaryDetail(paused)) }),
      paused,
    );
    expect(
      within(region).getByText(
        /^Paused: Too few requests to judge step 2 \(12 of 50\)\. Until .*in 1 minute/,
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [
      ['promote', 'pause', 'abort'],
      ['Promote', 'Pause', 'Abort'],
    ],
    [
      ['resume', 'abort'],
      ['Resume', 'Abort'],
    ],
    [[], []],
  ] as const)(
    'shows the buttons of allowedActions %j',
    async (allowedActions, names) => {
      const canary = canarySummary({ allowedActions: [...allowedActions] });
      const { region } = await renderPanel(
        api({ getCanary: jest.fn(async () => canaryDetail(canary)) }),
        canary,
      );
      const actionButtons = () =>
        within(region).queryAllByRole('button', {
          name: /^(Promote|Pause|Resume|Abort)$/,
        });
      // The detail has been loaded: what is shown is what it allows.
      await within(region).findByRole('table', {
        name: 'Verdicts of the canary of shop-web',
      });
      await waitFor(() =>
        expect(
          actionButtons()
            .filter(b => !b.hasAttribute('disabled'))
            .map(b => b.textContent),
        ).toEqual(names),
      );
      expect(actionButtons().map(b => b.textContent)).toEqual(names);
    },
  );

  it('enables no button without the canary permission', async () => {
    const { region } = await renderPanel(api(), canarySummary(), {
      'console.workload.rollback': AuthorizeResult.ALLOW,
    });
    const note = await within(region).findByText(
      /You are not allowed to change this canary/,
    );
    const buttons = within(region).getAllByRole('button', {
      name: /^(Promote|Pause|Resume|Abort)$/,
    });
    expect(buttons).toHaveLength(3);
    for (const button of buttons) {
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(note.textContent!);
    }
  });

  it('aborts with a comment after confirmation, then reloads', async () => {
    const user = userEvent.setup();
    const consoleApi = api({
      canaryAction: jest.fn(async () =>
        canaryDetail({ phase: 'aborting', allowedActions: [] }),
      ),
    });
    const { region, onChanged } = await renderPanel(consoleApi);
    await user.click(within(region).getByRole('button', { name: 'Abort' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Abort the canary of shop-web on dev',
    });
    expect(dialog).toHaveTextContent(
      'shop-web-canary is scaled to 0 and removed; shop-web keeps its template',
    );
    expect(consoleApi.canaryAction).not.toHaveBeenCalled();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Comment (optional)' }),
      'p95 looks bad',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Abort the canary' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(consoleApi.canaryAction).toHaveBeenCalledWith(canarySummary().id, {
      action: 'abort',
      comment: 'p95 looks bad',
    });
    await waitFor(() => expect(consoleApi.getCanary).toHaveBeenCalledTimes(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it("shows the backend's 409 sentence when an action is not possible now", async () => {
    const user = userEvent.setup();
    const sentence =
      'The canary is promoting already: it can no longer be paused.';
    const { region, onChanged } = await renderPanel(
      api({
        canaryAction: jest.fn(async () => {
          throw await refusal(409, 'ConflictError', sentence);
        }),
      }),
    );
    await user.click(within(region).getByRole('button', { name: 'Pause' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Pause the canary' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      sentence,
    );
    expect(onChanged).not.toHaveBeenCalled();
  });
});
