import { useApi } from '@backstage/core-plugin-api';
import { CanaryActionRequest } from '@paasport/plugin-console-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { consoleApiRef } from '../api';

/**
 * Promotes, pauses, resumes or aborts a canary. The state's `value` is the
 * canary after the action; its `error` the backend's refusal (a 409 says
 * why the action is not possible now).
 *
 * @internal
 */
export function useCanaryAction(id: string) {
  const api = useApi(consoleApiRef);
  return useAsyncFn(
    (request: CanaryActionRequest) => api.canaryAction(id, request),
    [api, id],
  );
}
