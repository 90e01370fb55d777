import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { CredentialDelivery } from './delivery';
import { MiddlewareProvider } from './provider';

/**
 * Lets other packages add back ends to the marketplace.
 *
 * @public
 */
export interface MarketplaceProvidersExtensionPoint {
  /** Registers providers; a plan uses one when its `provider` equals the id. */
  addProvider(...providers: MiddlewareProvider[]): void;
}

/**
 * Extension point for {@link MarketplaceProvidersExtensionPoint}.
 *
 * @public
 */
export const marketplaceProvidersExtensionPoint =
  createExtensionPoint<MarketplaceProvidersExtensionPoint>({
    id: 'marketplace.providers',
  });

/**
 * Replaces how binding credentials are delivered. Without it, the
 * marketplace writes Kubernetes Secrets on the configured clusters.
 *
 * @public
 */
export interface MarketplaceCredentialDeliveryExtensionPoint {
  setCredentialDelivery(delivery: CredentialDelivery): void;
}

/**
 * Extension point for {@link MarketplaceCredentialDeliveryExtensionPoint}.
 *
 * @public
 */
export const marketplaceCredentialDeliveryExtensionPoint =
  createExtensionPoint<MarketplaceCredentialDeliveryExtensionPoint>({
    id: 'marketplace.credential-delivery',
  });
