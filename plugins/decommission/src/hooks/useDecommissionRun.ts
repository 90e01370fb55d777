import { useApi } from '@backstage/core-plugin-api';
import { DecommissionRun } from '@paasport/plugin-decommission-common';
import { useCallback, useState } from 'react';
import { decommissionApiRef } from '../api';
import { usePolled } from '@paasport/plugin-paasport-react';

/**
 * A run, polled while it is running; `follow` starts polling again after a
 * retry restarted it. Without an id, nothing is loaded.
 */
export function useDecommissionRun(
  id: string | undefined,
  initial?: DecommissionRun,
  intervalMs = 1000,
) {
  const api = useApi(decommissionApiRef);
  const [status, setStatus] = useState(initial?.status);
  const polling = Boolean(id) && (!status || status === 'running');
  const state = usePolled(
    id ?? '',
    async () => {
      if (!id) return undefined;
      const run = await api.getRun(id);
      setStatus(run.status);
      return run;
    },
    [api, id],
    polling ? intervalMs : null,
  );
  const { retry } = state;
  const follow = useCallback(() => {
    setStatus(undefined);
    retry();
  }, [retry]);
  const run = state.value ?? (initial?.id === id ? initial : undefined);
  return { run, error: state.error, follow };
}
