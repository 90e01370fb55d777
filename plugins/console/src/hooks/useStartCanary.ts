import { useApi } from '@backstage/core-plugin-api';
import { CanaryRequest } from '@paasport/plugin-console-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { consoleApiRef } from '../api';

/**
 * Starts a canary of one of the Component's Deployments. The state's
 * `value` is the started canary; its `error` the backend's refusal.
 *
 * @internal
 */
export function useStartCanary(entityRef: string) {
  const api = useApi(consoleApiRef);
  return useAsyncFn(
    (request: CanaryRequest) => api.startCanary(entityRef, request),
    [api, entityRef],
  );
}
