import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  canaryDetail,
  canarySummary,
} from '../../__testUtils__/canaryFixtures';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { CanaryHistory } from './CanaryHistory';

const promoted = canarySummary({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  phase: 'succeeded',
  outcome: 'promoted',
  stepIndex: 3,
  targetWeight: 100,
  message: 'Promoted: shop-web runs registry.local/shop-web:1.4.0',
  createdAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:07:12.000Z',
  allowedActions: [],
});

const aborted = canarySummary({
  id: 'a1b2c3d4-0000-4000-8000-000000000002',
  phase: 'aborted',
  outcome: 'aborted',
  images: { 'shop-web': 'registry.local/shop-web:1.5.0-bad' },
  actor: 'user:default/bob',
  message: 'Aborted: error rate failed at step 1 (6.1 % vs 0.4 %)',
  createdAt: '2026-12-02T09:00:00.000Z',
  finishedAt: '2026-12-02T09:03:40.000Z',
  allowedActions: [],
});

describe('CanaryHistory', () => {
  it('lists past canaries with outcome, who, duration and the last message', async () => {
    await renderWithEntity(
      <CanaryHistory
        name="shop-web"
        cluster="dev"
        canaries={[aborted, promoted]}
      />,
      { api: fakeConsoleApi() },
    );
    const table = screen.getByRole('table', {
      name: 'Past canaries of shop-web on dev',
    });
    const [first, second] = within(table).getAllByRole('row').slice(1);
    expect(within(first).getByText('aborted')).toBeInTheDocument();
    expect(within(first).getByText('user:default/bob')).toBeInTheDocument();
    expect(within(first).getByText('3 min 40 s')).toBeInTheDocument();
    expect(
      within(first).getByText('registry.local/shop-web:1.5.0-bad'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText(/Aborted: error rate failed at step 1/),
    ).toBeInTheDocument();
    expect(within(second).getByText('promoted')).toBeInTheDocument();
    expect(within(second).getByText('7 min 12 s')).toBeInTheDocument();
  });

  it('opens a row on its verdicts and events, loaded on demand', async () => {
    const user = userEvent.setup();
    const getCanary = jest.fn(async () =>
      canaryDetail({
        ...aborted,
        events: [
          {
            at: '2026-12-02T09:03:30.000Z',
            kind: 'aborted',
            stepIndex: 0,
            message: 'Aborted after 1 failed verdict of 1 allowed',
          },
        ],
      }),
    );
    await renderWithEntity(
      <CanaryHistory
        name="shop-web"
        cluster="dev"
        canaries={[aborted, promoted]}
      />,
      { api: fakeConsoleApi({ getCanary }) },
    );
    expect(getCanary).not.toHaveBeenCalled();
    const table = screen.getByRole('table', {
      name: 'Past canaries of shop-web on dev',
    });
    const [first] = within(table).getAllByRole('row').slice(1);
    const toggle = within(first).getByRole('button', {
      name: 'Verdicts and events',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(
      await screen.findByRole('table', {
        name: 'Verdicts of the canary of shop-web',
      }),
    ).toBeInTheDocument();
    expect(getCanary).toHaveBeenCalledWith(aborted.id);
    expect(screen.getByText(/Paasport:/).closest('li')).toHaveTextContent(
      'Aborted after 1 failed verdict of 1 allowed',
    );
  });

  it('shows nothing when no canary has finished', async () => {
    await renderWithEntity(
      <CanaryHistory name="shop-web" cluster="dev" canaries={[]} />,
      { api: fakeConsoleApi() },
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
