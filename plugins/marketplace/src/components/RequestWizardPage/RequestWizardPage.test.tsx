import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import {
  cacheDetails,
  cacheRequest,
  offerings,
} from '../../__testUtils__/fixtures';
import { renderMarketplace } from '../../__testUtils__/renderMarketplace';
import { MarketplacePage } from '../MarketplacePage';

const clusters = [{ name: 'dev' }, { name: 'prod', title: 'Production' }];

function api(overrides: Parameters<typeof fakeMarketplaceApi>[0] = {}) {
  return fakeMarketplaceApi({
    listOfferings: jest.fn(async () => offerings),
    listClusters: jest.fn(async () => clusters),
    getQuota: jest.fn(async team => ({
      team,
      instances: { used: 2, limit: 10 },
      sizeGb: { used: 1.25, limit: 100 },
    })),
    ...overrides,
  });
}

function render(path: string, marketplaceApi: ReturnType<typeof api>) {
  return renderMarketplace(<MarketplacePage refreshIntervalMs={0} />, {
    api: marketplaceApi,
    path,
  });
}

async function chooseApplication(
  user: ReturnType<typeof userEvent.setup>,
  name: string,
) {
  await user.click(
    await screen.findByRole('textbox', { name: /Application or component/ }),
  );
  await user.click(await screen.findByRole('option', { name }));
}

async function chooseCluster(
  user: ReturnType<typeof userEvent.setup>,
  name: string,
) {
  await user.click(screen.getByRole('button', { name: /Cluster/ }));
  await user.click(await screen.findByRole('option', { name }));
}

describe('the request wizard', () => {
  it('requests Redis for a component with credentials delivered once ready', async () => {
    const user = userEvent.setup();
    const marketplaceApi = api({
      createRequest: jest.fn(async () => cacheRequest({ state: 'pending' })),
      getRequest: jest.fn(async () =>
        cacheDetails({ state: 'pending', bindings: [], history: [] }),
      ),
    });
    await render('/marketplace/request/redis/small', marketplaceApi);

    await chooseApplication(user, 'shop-api');
    expect(
      screen.getByText(
        'The instance will belong to the application system:default/shop.',
      ),
    ).toBeInTheDocument();
    await user.type(
      screen.getByRole('textbox', { name: /Instance name/ }),
      'shop-cache',
    );
    // Binding right away is the default for a component, under its name.
    expect(screen.getByRole('textbox', { name: /Binding name/ })).toHaveValue(
      'shop-api',
    );
    const next = screen.getByRole('button', { name: 'Next' });
    // Two clusters: the Secret's destination must be chosen.
    expect(next).toBeDisabled();
    await chooseCluster(user, 'dev');
    await user.click(next);

    expect(
      await screen.findByText('This plan takes no parameters.'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(
      await screen.findByText(
        'Team storefront uses 2 of 10 instances and 1.25 GiB of 100 GiB; this request adds 256 MiB.',
      ),
    ).toBeInTheDocument();
    expect(marketplaceApi.getQuota).toHaveBeenCalledWith(
      'group:default/storefront',
    );
    expect(
      screen.getByText('Secret shop-cache-shop-api once ready'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Request' }));

    await waitFor(() =>
      expect(marketplaceApi.createRequest).toHaveBeenCalled(),
    );
    expect(marketplaceApi.createRequest).toHaveBeenCalledWith(
      {
        offeringId: 'redis',
        planId: 'small',
        name: 'shop-cache',
        component: 'component:default/shop-api',
        cluster: 'dev',
        parameters: {},
        binding: { name: 'shop-api' },
      },
      { idempotencyKey: expect.any(String) },
    );
    // Straight to the new instance's page.
    expect(
      await screen.findByRole('heading', { name: 'shop-cache' }),
    ).toBeInTheDocument();
    expect(marketplaceApi.getRequest).toHaveBeenCalledWith(cacheRequest().id);
  });

  it("renders the plan's JSON schema as a form and sends its values", async () => {
    const user = userEvent.setup();
    const marketplaceApi = api({
      createRequest: jest.fn(async () => cacheRequest()),
      getRequest: jest.fn(async () => cacheDetails()),
    });
    await render(
      '/marketplace/request/mysql/small?for=system%3Adefault%2Fshop',
      marketplaceApi,
    );
    // Preselected from the entity the user came from; a System binds later.
    expect(
      await screen.findByRole('textbox', { name: /Application or component/ }),
    ).toHaveValue('shop');
    expect(
      screen.getByRole('checkbox', { name: /Deliver credentials/ }),
    ).not.toBeChecked();
    await user.type(
      screen.getByRole('textbox', { name: /Instance name/ }),
      'orders',
    );
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await user.click(await screen.findByRole('button', { name: /utf8mb4/ }));
    await user.click(await screen.findByRole('option', { name: 'latin1' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Parameter charset')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Request' }));

    await waitFor(() =>
      expect(marketplaceApi.createRequest).toHaveBeenCalledWith(
        {
          offeringId: 'mysql',
          planId: 'small',
          name: 'orders',
          system: 'system:default/shop',
          parameters: { charset: 'latin1' },
        },
        { idempotencyKey: expect.any(String) },
      ),
    );
  });

  it('keeps invalid parameters from leaving the form', async () => {
    const user = userEvent.setup();
    const marketplaceApi = api();
    await render('/marketplace/request/kafka/standard', marketplaceApi);
    await chooseApplication(user, 'shop');
    await user.type(
      screen.getByRole('textbox', { name: /Instance name/ }),
      'events',
    );
    // Operator plans run on a cluster of the user's choice.
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    await chooseCluster(user, 'Production');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    const partitions = await screen.findByRole('spinbutton', {
      name: /Partitions/,
    });
    await user.clear(partitions);
    await user.type(partitions, '100');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('must be <= 48')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request approval' }),
    ).toBeNull();
    expect(marketplaceApi.createRequest).not.toHaveBeenCalled();
  });

  it("shows the backend's refusal and keeps the input for another try", async () => {
    const user = userEvent.setup();
    const refusal = await responseError(
      409,
      'ConflictError',
      'Quota exceeded for group:default/storefront: 10 of 10 instances',
    );
    const marketplaceApi = api({
      createRequest: jest
        .fn()
        .mockRejectedValueOnce(refusal)
        .mockResolvedValueOnce(cacheRequest()),
      getRequest: jest.fn(async () => cacheDetails()),
    });
    await render('/marketplace/request/redis/small', marketplaceApi);
    await chooseApplication(user, 'shop-api');
    await user.type(
      screen.getByRole('textbox', { name: /Instance name/ }),
      'shop-cache',
    );
    await chooseCluster(user, 'dev');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    await user.click(await screen.findByRole('button', { name: 'Request' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The instance was not requested: Conflict (409)',
    );
    expect(alert).toHaveTextContent(
      'Quota exceeded for group:default/storefront: 10 of 10 instances',
    );
    // The same request again reuses its idempotency key: no duplicate.
    await user.click(screen.getByRole('button', { name: 'Request' }));
    await screen.findByRole('heading', { name: 'shop-cache' });
    const keys = marketplaceApi.createRequest.mock.calls.map(
      call => call[1]?.idempotencyKey,
    );
    expect(keys[0]).toBe(keys[1]);
  });

  it('shows progress while the plan loads', async () => {
    await render(
      '/marketplace/request/redis/small',
      api({ listOfferings: jest.fn(() => new Promise<never>(() => {})) }),
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says so for a plan that does not exist', async () => {
    await render('/marketplace/request/redis/huge', api());
    expect(await screen.findByText('No such plan')).toBeInTheDocument();
    expect(
      screen.getByText('The marketplace offers no plan redis/huge.'),
    ).toBeInTheDocument();
  });

  it('shows why the offerings could not be loaded', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'catalog down',
    );
    await render(
      '/marketplace/request/redis/small',
      api({
        listOfferings: jest.fn(async () => {
          throw error;
        }),
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('catalog down');
  });

  it('offers only components and systems, flagging a component without application', async () => {
    const user = userEvent.setup();
    await render('/marketplace/request/redis/small', api());
    await user.click(
      await screen.findByRole('textbox', { name: /Application or component/ }),
    );
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['shop', 'docs-site', 'shop-api']);
    await user.click(
      within(listbox).getByRole('option', { name: 'docs-site' }),
    );
    expect(
      screen.getByText(
        'docs-site belongs to no application (spec.system); pick its System instead.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();

    // Platform admins may request for anyone's application.
    await user.click(
      screen.getByRole('checkbox', {
        name: 'Include applications my teams do not own',
      }),
    );
    await user.click(
      screen.getByRole('textbox', { name: /Application or component/ }),
    );
    await user.clear(
      screen.getByRole('textbox', { name: /Application or component/ }),
    );
    expect(
      await screen.findByRole('option', { name: 'payments' }),
    ).toBeInTheDocument();
  });
});
