import { useApi } from '@backstage/core-plugin-api';
import { usePolled } from '@paasport/plugin-paasport-react';
import { consoleApiRef } from '../api';

/** How often a running canary's panel asks where it stands. @internal */
export const CANARY_POLL_MS = 4000;

/**
 * One canary with its verdicts and history, polled every `pollMs` while
 * `running` (weights and pods move from step to step); loaded once otherwise.
 *
 * @internal
 */
export function useCanary(
  id: string,
  running: boolean,
  pollMs = CANARY_POLL_MS,
) {
  const api = useApi(consoleApiRef);
  return usePolled(
    id,
    () => api.getCanary(id),
    [api, id],
    running ? pollMs : null,
  );
}
