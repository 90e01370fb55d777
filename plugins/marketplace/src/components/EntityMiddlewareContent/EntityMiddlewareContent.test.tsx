import { screen, within } from '@testing-library/react';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import {
  cacheBinding,
  cacheRequest,
  docsSite,
  shopApi,
  shopSystem,
} from '../../__testUtils__/fixtures';
import { renderMarketplace } from '../../__testUtils__/renderMarketplace';
import { EntityMiddlewareContent } from './EntityMiddlewareContent';

describe('the Middleware tab', () => {
  it("lists a component's instances with where their credentials are", async () => {
    const listInstances = jest.fn(async () => [
      { ...cacheRequest(), bindings: [cacheBinding()] },
    ]);
    await renderMarketplace(<EntityMiddlewareContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listInstances }),
      entity: shopApi,
    });
    const table = await screen.findByRole('table', {
      name: 'Middleware of shop-api',
    });
    expect(listInstances).toHaveBeenCalledWith({
      entity: 'component:default/shop-api',
    });
    const [, row] = within(table).getAllByRole('row');
    expect(row).toHaveTextContent('shop-cache');
    expect(row).toHaveTextContent('redis / small');
    expect(row).toHaveTextContent('dev: storefront/shop-cache-shop-api');
    expect(within(row).getAllByText('Ready')).toHaveLength(2);
    expect(
      screen.getByRole('button', { name: 'Request middleware' }),
    ).toHaveAttribute(
      'href',
      '/marketplace?for=component%3Adefault%2Fshop-api',
    );
  });

  it('offers to request middleware when there is none', async () => {
    await renderMarketplace(<EntityMiddlewareContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listInstances: jest.fn(async () => []) }),
      entity: shopSystem,
    });
    expect(await screen.findByText('No middleware yet')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Request middleware' }),
    ).toHaveAttribute('href', '/marketplace?for=system%3Adefault%2Fshop');
  });

  it('shows progress and errors', async () => {
    const error = await responseError(403, 'NotAllowedError', 'denied');
    await renderMarketplace(<EntityMiddlewareContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listInstances: jest
          .fn()
          .mockImplementationOnce(() => new Promise(() => {})),
      }),
      entity: shopSystem,
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();

    await renderMarketplace(<EntityMiddlewareContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({
        listInstances: jest.fn(async () => {
          throw error;
        }),
      }),
      entity: shopSystem,
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('denied');
  });

  it('explains that a component without application has no middleware', async () => {
    const listInstances = jest.fn();
    await renderMarketplace(<EntityMiddlewareContent refreshIntervalMs={0} />, {
      api: fakeMarketplaceApi({ listInstances }),
      entity: docsSite,
    });
    expect(await screen.findByText('No application')).toBeInTheDocument();
    expect(listInstances).not.toHaveBeenCalled();
  });
});
