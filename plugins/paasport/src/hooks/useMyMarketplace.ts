import { useApiHolder } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import { marketplaceApiRef } from '@paasport/plugin-paasport-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/** Requests of mine that are not settled yet, and what waits for my decision. */
export type MyMarketplace =
  | { installed: true; open: InstanceRequest[]; approvals: InstanceRequest[] }
  /** The portal runs without the marketplace back end. */
  | { installed: false };

/** States in which a request still needs something: time, a decision, a look. */
const OPEN_STATES = [
  'pending',
  'awaiting_approval',
  'provisioning',
  'failed',
  'deprovisioning',
];

/**
 * The person's own marketplace requests still in flight (or failed) and the
 * requests waiting for their approval, through the marketplace's API.
 */
export function useMyMarketplace() {
  // Optional: a portal without the marketplace plugin has no implementation.
  const client = useApiHolder().get(marketplaceApiRef);
  return useAsyncRetry(async (): Promise<MyMarketplace> => {
    if (!client) return { installed: false };
    try {
      const [open, approvals] = await Promise.all([
        client.listRequests({ scope: 'mine', state: OPEN_STATES.join(',') }),
        client.listApprovals(),
      ]);
      return { installed: true, open, approvals };
    } catch (error) {
      if (error instanceof ResponseError && error.statusCode === 404) {
        return { installed: false };
      }
      throw error;
    }
  }, [client]);
}
