import { MarketplaceApi } from '@paasport/plugin-marketplace-common';

const unexpected = (method: string) =>
  jest.fn(async () => {
    throw new Error(`unexpected call to MarketplaceApi.${method}`);
  });

/**
 * A MarketplaceApi whose methods are jest mocks: the ones a test passes,
 * and failing ones for the rest so unexpected calls show up.
 */
export function fakeMarketplaceApi(
  overrides: Partial<MarketplaceApi> = {},
): jest.Mocked<MarketplaceApi> {
  const methods: Array<keyof MarketplaceApi> = [
    'listOfferings',
    'createRequest',
    'listRequests',
    'getRequest',
    'listEvents',
    'listInstances',
    'listApprovals',
    'listClusters',
    'approveRequest',
    'rejectRequest',
    'deprovision',
    'createBinding',
    'deleteBinding',
    'revealCredentials',
    'getQuota',
  ];
  return {
    ...Object.fromEntries(methods.map(m => [m, unexpected(m)])),
    ...overrides,
  } as jest.Mocked<MarketplaceApi>;
}
