import { screen, within } from '@testing-library/react';
import { responseError } from '../../__testUtils__/errors';
import { fakeMarketplaceApi } from '../../__testUtils__/fakeMarketplaceApi';
import { offerings } from '../../__testUtils__/fixtures';
import { renderMarketplace } from '../../__testUtils__/renderMarketplace';
import { OfferingsContent } from './OfferingsContent';

describe('OfferingsContent', () => {
  it('shows progress while the offerings load', async () => {
    await renderMarketplace(<OfferingsContent />, {
      api: fakeMarketplaceApi({
        listOfferings: jest.fn(() => new Promise<never>(() => {})),
      }),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('says so when nothing is offered', async () => {
    await renderMarketplace(<OfferingsContent />, {
      api: fakeMarketplaceApi({ listOfferings: jest.fn(async () => []) }),
    });
    expect(await screen.findByText('Nothing on offer yet')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const error = await responseError(500, 'Error', 'database unavailable');
    await renderMarketplace(<OfferingsContent />, {
      api: fakeMarketplaceApi({
        listOfferings: jest.fn(async () => {
          throw error;
        }),
      }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Request failed with 500');
    expect(alert).toHaveTextContent('database unavailable');
  });

  it('compares the plans of each offering and links to the wizard', async () => {
    await renderMarketplace(<OfferingsContent />, {
      api: fakeMarketplaceApi({
        listOfferings: jest.fn(async () => offerings),
      }),
      path: '/marketplace?for=component%3Adefault%2Fshop-api',
    });
    const mysql = await screen.findByRole('table', { name: 'Plans of MySQL' });
    const rows = within(mysql).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'PlanSizeHigh availabilityApproval',
      expect.stringMatching(/^Small \(shared\).*1 GiBNoNoneRequest$/),
      expect.stringMatching(
        /^Dedicated, highly available.*50 GiBYesRequiredNot available$/,
      ),
    ]);
    // A plan without an installed back end cannot be requested.
    expect(
      within(rows[2]).getByRole('button', { name: 'Not available' }),
    ).toBeDisabled();

    const redis = screen.getByRole('table', { name: 'Plans of Redis' });
    expect(redis).toHaveTextContent('256 MiB');
    // The entity the user came from travels on to the wizard.
    expect(
      screen.getByRole('button', { name: 'Request Redis Small (shared)' }),
    ).toHaveAttribute(
      'href',
      '/marketplace/request/redis/small?for=component%3Adefault%2Fshop-api',
    );
    expect(
      screen.getByRole('button', {
        name: 'Request Kafka Standard, highly available',
      }),
    ).toHaveAttribute(
      'href',
      '/marketplace/request/kafka/standard?for=component%3Adefault%2Fshop-api',
    );
  });
});
