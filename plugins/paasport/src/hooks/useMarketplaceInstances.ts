import { useApiHolder } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { marketplaceApiRef } from '@paasport/plugin-paasport-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InstanceRow, toInstanceRows } from '../lib/marketplaceInstances';

/** What the marketplace says about an application. @internal */
export type MarketplaceInstances =
  | { installed: true; instances: InstanceRow[] }
  /** The portal runs without the marketplace back end. */
  | { installed: false };

/**
 * The marketplace instances of a System, through the marketplace's API. A 404 from the instances endpoint means the marketplace back end is
 * not installed in this portal, which is a setup, not an error.
 */
export function useMarketplaceInstances(systemRef: string) {
  // Optional: a portal without the marketplace plugin has no implementation.
  const client = useApiHolder().get(marketplaceApiRef);
  return useAsyncRetry(async (): Promise<MarketplaceInstances> => {
    if (!client) return { installed: false };
    // Titles are a nicety: without the offerings the rows show ids.
    const offerings = client.listOfferings().catch(() => []);
    try {
      const instances = await client.listInstances({ entity: systemRef });
      return {
        installed: true,
        instances: toInstanceRows(instances, await offerings),
      };
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return { installed: false };
      }
      throw error;
    }
  }, [client, systemRef]);
}
