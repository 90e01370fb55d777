import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import {
  BINDING_ID,
  cacheBinding,
  cacheDetails,
  cacheRequest,
  ID,
} from '../../__testUtils__/fixtures';
import {
  renderMarketplace,
  RenderOptions,
} from '../../__testUtils__/renderMarketplace';
import { MarketplacePage } from '../MarketplacePage';

const path = `/marketplace/instances/${ID}`;

function render(options: Omit<RenderOptions, 'path'>) {
  return renderMarketplace(<MarketplacePage refreshIntervalMs={0} />, {
    path,
    ...options,
  });
}

describe('the instance page', () => {
  it('shows progress, then the instance', async () => {
    let answer: (value: ReturnType<typeof cacheDetails>) => void = () => {};
    const getRequest = jest.fn(
      () =>
        new Promise<ReturnType<typeof cacheDetails>>(resolve => {
          answer = resolve;
        }),
    );
    await render({ api: fakeMarketplaceApi({ getRequest }) });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    answer(cacheDetails());
    expect(
      await screen.findByRole('heading', { name: 'shop-cache' }),
    ).toBeInTheDocument();
    expect(getRequest).toHaveBeenCalledWith(ID);
  });

  it('says so for an unknown instance', async () => {
    const notFound = await responseError(
      404,
      'NotFoundError',
      `No request ${ID}`,
    );
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => {
          throw notFound;
        }),
      }),
    });
    expect(await screen.findByText('No such instance')).toBeInTheDocument();
  });

  it('shows other errors as they are', async () => {
    const failure = await responseError(500, 'Error', 'database is locked');
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => {
          throw failure;
        }),
      }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'database is locked',
    );
  });

  it('shows the state, connection details without secrets, bindings and history', async () => {
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
      }),
    });
    await screen.findByRole('heading', { name: 'shop-cache' });
    expect(screen.getAllByText('Ready').length).toBeGreaterThan(0);
    const connection = screen.getByRole('region', {
      name: 'Connection details',
    });
    expect(connection).toHaveTextContent(
      'Secret dev: storefront/shop-cache-shop-api',
    );
    expect(connection).toHaveTextContent('keyPrefix');
    expect(connection).toHaveTextContent('name: shop-cache-shop-api');
    const bindings = screen.getByRole('table', {
      name: 'Bindings of shop-cache',
    });
    expect(
      within(bindings).getByText('shop-api', { selector: 'td' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'History of shop-cache' }),
    ).toBeInTheDocument();
  });

  it('reveals credentials only after confirming, through the reveal endpoint', async () => {
    const user = userEvent.setup();
    const revealCredentials = jest.fn(async () => ({
      bindingId: BINDING_ID,
      credentials: {
        host: 'redis.paasport.internal',
        port: 6379,
        username: 'b_0b7d2c3e',
        password: 's3cret-value',
      },
    }));
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
        revealCredentials,
      }),
    });
    await user.click(
      await screen.findByRole('button', {
        name: 'Reveal credentials of shop-api',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Credentials of shop-api',
    });
    expect(dialog).toHaveTextContent('recorded in the audit log');
    expect(revealCredentials).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect(await within(dialog).findByText('s3cret-value')).toBeInTheDocument();
    expect(revealCredentials).toHaveBeenCalledWith(ID, BINDING_ID);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByText('s3cret-value')).toBeNull());
  });

  it('offers no reveal without the permission', async () => {
    const revealCredentials = jest.fn();
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
        revealCredentials,
      }),
      deny: ['marketplace.credentials.reveal'],
    });
    const reveal = await screen.findByRole('button', {
      name: 'Reveal credentials of shop-api',
    });
    await waitFor(() => expect(reveal).toBeDisabled());
    expect(revealCredentials).not.toHaveBeenCalled();
  });

  it('adds a binding for a component on a cluster, and shows a refusal', async () => {
    const user = userEvent.setup();
    const conflict = await responseError(
      409,
      'ConflictError',
      'A binding named shop-worker exists already',
    );
    const createBinding = jest
      .fn()
      .mockRejectedValueOnce(conflict)
      .mockResolvedValueOnce(
        cacheBinding({ id: 'b2', name: 'worker', state: 'pending' }),
      );
    const getRequest = jest.fn(async () => cacheDetails());
    await render({
      api: fakeMarketplaceApi({
        getRequest,
        createBinding,
        listClusters: jest.fn(async () => [{ name: 'dev' }, { name: 'prod' }]),
      }),
    });
    await user.click(
      await screen.findByRole('button', { name: 'Add binding' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add a binding to shop-cache',
    });
    // The instance's cluster is the default destination.
    expect(
      within(dialog).getByRole('button', { name: /Cluster/ }),
    ).toHaveTextContent('dev');
    await user.click(within(dialog).getByRole('button', { name: /Component/ }));
    await user.click(await screen.findByRole('option', { name: 'shop-api' }));
    const name = within(dialog).getByRole('textbox', { name: /Binding name/ });
    expect(name).toHaveValue('shop-api');
    await user.clear(name);
    await user.type(name, 'shop-worker');
    await user.click(
      within(dialog).getByRole('button', { name: 'Add binding' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No binding was added: Conflict (409)A binding named shop-worker exists already',
    );
    await user.clear(name);
    await user.type(name, 'worker');
    await user.click(
      within(dialog).getByRole('button', { name: 'Add binding' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Add a binding to shop-cache' }),
      ).toBeNull(),
    );
    expect(createBinding).toHaveBeenLastCalledWith(ID, {
      name: 'worker',
      component: 'component:default/shop-api',
      cluster: 'dev',
    });
    // The page reloads to show the new binding.
    expect(getRequest.mock.calls.length).toBeGreaterThan(1);
  });

  it('removes a binding after confirmation', async () => {
    const user = userEvent.setup();
    const deleteBinding = jest.fn(async () =>
      cacheBinding({ state: 'unbinding' }),
    );
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
        deleteBinding,
      }),
    });
    await user.click(
      await screen.findByRole('button', { name: 'Remove binding shop-api' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove binding shop-api?',
    });
    await user.click(
      within(dialog).getByRole('button', { name: 'Remove binding' }),
    );
    await waitFor(() =>
      expect(deleteBinding).toHaveBeenCalledWith(ID, BINDING_ID),
    );
  });

  it('deprovisions a bound instance only when forced and confirmed by name', async () => {
    const user = userEvent.setup();
    const deprovision = jest.fn(async () =>
      cacheRequest({ state: 'deprovisioning' }),
    );
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
        deprovision,
      }),
    });
    await user.click(
      await screen.findByRole('button', { name: 'Deprovision' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Deprovision shop-cache',
    });
    expect(dialog).toHaveTextContent('1 binding(s) still hold credentials');
    const confirm = within(dialog).getByRole('button', { name: 'Deprovision' });
    await user.type(
      within(dialog).getByRole('textbox', {
        name: 'Type shop-cache to confirm',
      }),
      'shop-cache',
    );
    expect(confirm).toBeDisabled();
    await user.click(
      within(dialog).getByRole('checkbox', {
        name: 'Revoke the bindings too (force)',
      }),
    );
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    await waitFor(() =>
      expect(deprovision).toHaveBeenCalledWith(ID, { force: true }),
    );
  });

  it("shows the backend's refusal to deprovision", async () => {
    const user = userEvent.setup();
    const conflict = await responseError(
      409,
      'ConflictError',
      'The instance has 1 binding(s); remove them first or deprovision with force=true',
    );
    await render({
      api: fakeMarketplaceApi({
        // The page still thinks there are no bindings; the backend knows better.
        getRequest: jest.fn(async () => cacheDetails({ bindings: [] })),
        deprovision: jest.fn(async () => {
          throw conflict;
        }),
      }),
    });
    await user.click(
      await screen.findByRole('button', { name: 'Deprovision' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Deprovision shop-cache',
    });
    await user.type(
      within(dialog).getByRole('textbox', {
        name: 'Type shop-cache to confirm',
      }),
      'shop-cache',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Deprovision' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'remove them first or deprovision with force=true',
    );
  });

  it('offers no deprovision without the permission, nor once it is going', async () => {
    await render({
      api: fakeMarketplaceApi({
        getRequest: jest.fn(async () => cacheDetails()),
      }),
      deny: ['marketplace.instance.delete', 'marketplace.binding.create'],
    });
    const button = await screen.findByRole('button', { name: 'Deprovision' });
    await waitFor(() => expect(button).toBeDisabled());
    expect(screen.getByRole('button', { name: 'Add binding' })).toBeDisabled();
  });
});
