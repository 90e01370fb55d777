import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { cacheDetails, cacheRequest } from '../../__testUtils__/fixtures';
import { renderMarketplace } from '../../__testUtils__/renderMarketplace';
import { InstancesContent } from './InstancesContent';

describe('My instances', () => {
  it('shows progress while loading', async () => {
    await renderMarketplace(<InstancesContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listRequests: jest.fn(() => new Promise<never>(() => {})),
      }),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('points to the offerings when there is nothing yet', async () => {
    await renderMarketplace(<InstancesContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listRequests: jest.fn(async () => [cacheRequest({ state: 'deleted' })]),
      }),
    });
    expect(await screen.findByText('No instances yet')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'See offerings' }),
    ).toHaveAttribute('href', '/marketplace');
  });

  it('shows the backend error', async () => {
    const error = await responseError(401, 'AuthenticationError', 'no token');
    await renderMarketplace(<InstancesContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listRequests: jest.fn(async () => {
          throw error;
        }),
      }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('no token');
  });

  it('follows the state live and shows the history', async () => {
    const user = userEvent.setup();
    // Refreshes wait for the test, so it sees the state change happen.
    let provisioned: () => void = () => {};
    const done = new Promise<void>(resolve => {
      provisioned = resolve;
    });
    const listRequests = jest
      .fn()
      .mockResolvedValueOnce([cacheRequest({ state: 'provisioning' })])
      .mockImplementation(async () => {
        await done;
        return [cacheRequest({ state: 'ready' })];
      });
    const marketplaceApi = fakeMarketplaceApi({
      listRequests,
      getRequest: jest.fn(async () => cacheDetails()),
    });
    await renderMarketplace(<InstancesContent refreshIntervalMs={100} />, {
      api: marketplaceApi,
    });
    const table = await screen.findByRole('table', {
      name: 'Instances I requested',
    });
    expect(within(table).getByText('Provisioning')).toBeInTheDocument();
    expect(listRequests).toHaveBeenCalledWith({ scope: 'mine' });
    // Polling picks up the new state without a reload.
    provisioned();
    expect(await within(table).findByText('Ready')).toBeInTheDocument();
    expect(
      within(table).getByRole('link', { name: 'shop-cache' }),
    ).toHaveAttribute('href', `/marketplace/instances/${cacheRequest().id}`);

    await user.click(
      within(table).getByRole('button', { name: 'History of shop-cache' }),
    );
    const history = await screen.findByRole('table', {
      name: 'History of shop-cache',
    });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(rows.map(r => r.querySelectorAll('td')[1].textContent)).toEqual([
      'Binding shop-api: Binding → Ready',
      'Provisioning → Ready',
      'Pending → Provisioning',
      'Pending',
    ]);
    expect(history).toHaveTextContent('Provisioned by the shared broker');
  });

  it("lists the teams' instances, and deleted ones on request", async () => {
    const user = userEvent.setup();
    const listRequests = jest.fn(async (query?: { scope?: string }) =>
      query?.scope === 'team'
        ? [
            cacheRequest(),
            cacheRequest({
              id: 'b2',
              name: 'old-cache',
              state: 'deleted',
              createdBy: 'user:default/alice',
            }),
          ]
        : [cacheRequest()],
    );
    await renderMarketplace(<InstancesContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listRequests }),
    });
    await screen.findByRole('table', { name: 'Instances I requested' });
    await user.click(screen.getByRole('button', { name: 'My teams' }));
    const table = await screen.findByRole('table', {
      name: 'Instances of my teams',
    });
    await waitFor(() =>
      expect(listRequests).toHaveBeenLastCalledWith({ scope: 'team' }),
    );
    expect(within(table).queryByText('old-cache')).toBeNull();
    await user.click(
      screen.getByRole('checkbox', { name: 'Show deleted and rejected' }),
    );
    expect(within(table).getByText('old-cache')).toBeInTheDocument();
    expect(within(table).getByText('Deleted')).toBeInTheDocument();
  });
});
