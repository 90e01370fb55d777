import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { cacheRequest } from '../../__testUtils__/fixtures';
import { renderMarketplace } from '../../__testUtils__/renderMarketplace';
import { ApprovalsContent } from './ApprovalsContent';

const waiting = cacheRequest({
  name: 'orders-db',
  offeringId: 'mysql',
  planId: 'ha',
  sizeGb: 50,
  state: 'awaiting_approval',
  createdBy: 'user:default/alice',
});
const own = cacheRequest({
  id: 'c3',
  name: 'my-events',
  offeringId: 'kafka',
  planId: 'standard',
  state: 'awaiting_approval',
  createdBy: 'user:default/guest',
  createdAt: '2026-06-02T10:00:00.000Z',
});

describe('the approvals queue', () => {
  it('shows progress while loading', async () => {
    await renderMarketplace(<ApprovalsContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listApprovals: jest.fn(() => new Promise<never>(() => {})),
      }),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('says when nothing waits', async () => {
    await renderMarketplace(<ApprovalsContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listApprovals: jest.fn(async () => []) }),
    });
    expect(
      await screen.findByText('Nothing awaits your decision'),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const error = await responseError(500, 'Error', 'catalog unavailable');
    await renderMarketplace(<ApprovalsContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listApprovals: jest.fn(async () => {
          throw error;
        }),
      }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'catalog unavailable',
    );
  });

  it("approves with a reason, and never offers to decide one's own request", async () => {
    const user = userEvent.setup();
    const listApprovals = jest
      .fn()
      .mockResolvedValueOnce([waiting, own])
      .mockResolvedValue([own]);
    const approveRequest = jest.fn(async () =>
      cacheRequest({ ...waiting, state: 'pending' }),
    );
    await renderMarketplace(<ApprovalsContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listApprovals, approveRequest }),
    });
    const table = await screen.findByRole('table', {
      name: 'Requests awaiting approval',
    });
    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('orders-db');
    expect(first).toHaveTextContent('mysql / ha (50 GiB)');
    expect(second).toHaveTextContent('Your request: someone else decides');
    expect(within(second).queryByRole('button')).toBeNull();

    await user.click(
      within(first).getByRole('button', { name: 'Approve orders-db' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve orders-db',
    });
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Budget agreed',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(approveRequest).toHaveBeenCalledWith(waiting.id, 'Budget agreed'),
    );
    // The queue reloads without the decided request.
    await waitFor(() =>
      expect(within(table).queryByText('orders-db')).toBeNull(),
    );
  });

  it('rejects only with a reason, and shows a refusal', async () => {
    const user = userEvent.setup();
    const forbidden = await responseError(
      403,
      'NotAllowedError',
      'Only platform approvers or approvers of group:default/storefront may decide',
    );
    const rejectRequest = jest.fn(async () => {
      throw forbidden;
    });
    await renderMarketplace(<ApprovalsContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listApprovals: jest.fn(async () => [waiting]),
        rejectRequest,
      }),
    });
    await user.click(
      await screen.findByRole('button', { name: 'Reject orders-db' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject orders-db',
    });
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await user.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Use the shared plan',
    );
    await user.click(reject);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Reject failed: Not allowed (403)Only platform approvers or approvers of group:default/storefront may decide',
    );
    expect(rejectRequest).toHaveBeenCalledWith(
      waiting.id,
      'Use the shared plan',
    );
  });
});
