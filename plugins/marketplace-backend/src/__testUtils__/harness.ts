import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import {
  CredentialDelivery,
  MiddlewareProvider,
} from '@paasport/plugin-marketplace-node';
import { ConfigReader } from '@backstage/config';
import { DatabaseMarketplaceStore } from '../database/DatabaseMarketplaceStore';
import { OfferingConfig } from '../services/offerings/defaults';
import { OfferingsService } from '../services/offerings/OfferingsService';
import { QuotaPolicy } from '../services/offerings/quotas';
import { ProcessorTuning } from '../services/processor/policy';
import { ProviderRegistry } from '../services/processor/ProviderRegistry';
import { RequestProcessor } from '../services/processor/RequestProcessor';
import { BindingService } from '../services/requests/BindingService';
import { ClusterTargets } from '../services/requests/ClusterTargets';
import { RequestService } from '../services/requests/RequestService';

/** Offerings whose plans run on the given providers. */
export function testOfferings(provider = 'fake:test'): OfferingConfig[] {
  return [
    {
      id: 'redis',
      title: 'Redis',
      parametersSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {},
      },
      plans: [
        {
          id: 'small',
          title: 'Small',
          sizeGb: 1,
          ha: false,
          requiresApproval: false,
          provider,
          providerOptions: { service: 'redis-shared', plan: 'small' },
        },
        {
          id: 'big',
          title: 'Big',
          sizeGb: 5,
          ha: true,
          requiresApproval: true,
          provider,
          providerOptions: { service: 'redis-shared', plan: 'medium' },
        },
      ],
    },
    {
      id: 'mysql',
      title: 'MySQL',
      parametersSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          charset: {
            type: 'string',
            enum: ['utf8mb4', 'latin1'],
            default: 'utf8mb4',
          },
        },
      },
      plans: [
        {
          id: 'small',
          title: 'Small',
          sizeGb: 1,
          ha: false,
          requiresApproval: false,
          provider,
          providerOptions: { service: 'mysql-shared', plan: 'small' },
        },
      ],
    },
  ];
}

/** Where the shop application's middleware goes, as the TeamBoundary places it. */
export const storefront = {
  system: 'system:default/shop',
  team: 'group:default/storefront',
  namespace: 'storefront',
};

/** Store, services and processors wired as the plugin wires them. */
export async function createHarness(
  knex: Knex,
  providers: MiddlewareProvider[],
  options: {
    delivery?: CredentialDelivery;
    quotas?: object;
    offerings?: OfferingConfig[];
    /** Configured cluster names; none by default. */
    clusters?: string[];
  } = {},
) {
  const store = await DatabaseMarketplaceStore.create({ database: knex });
  const registry = new ProviderRegistry();
  registry.add(...providers);
  const offerings = OfferingsService.fromOfferings(
    options.offerings ?? testOfferings(providers[0].id),
  );
  const quotas = QuotaPolicy.fromConfig(
    new ConfigReader({ marketplace: { quotas: options.quotas ?? {} } }),
  );
  const logger = mockServices.logger.mock();
  const clusters = new ClusterTargets(
    (options.clusters ?? []).map(name => ({ name })),
  );
  return {
    store,
    registry,
    offerings,
    clusters,
    requests: new RequestService(store, offerings, quotas, registry, clusters),
    bindings: new BindingService(store, registry, clusters),
    processor: (tuning: Partial<ProcessorTuning> = {}) =>
      new RequestProcessor({
        store,
        providers: registry,
        logger,
        delivery: () => options.delivery,
        tuning: { baseBackoffMs: 5, maxBackoffMs: 20, ...tuning },
      }),
  };
}
