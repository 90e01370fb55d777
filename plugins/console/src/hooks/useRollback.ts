import { useApi } from '@backstage/core-plugin-api';
import {
  RollbackRequest,
  RollbackStatus,
} from '@paasport/plugin-console-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { consoleApiRef } from '../api';

/** Where a rollback started from the dialog stands. */
export type RollbackState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  /** The POST failed: nothing was changed, the user may try again. */
  | { phase: 'rejected'; error: Error }
  | { phase: 'noop'; message: string }
  | { phase: 'progressing'; rollback: RollbackStatus; pollFailures: number }
  | { phase: 'finished'; rollback: RollbackStatus }
  /** Polling kept failing; the rollout itself may still complete. */
  | { phase: 'lost'; rollback: RollbackStatus; error: Error };

/** How often the rollback's status is polled while it progresses. */
export const ROLLBACK_POLL_MS = 2000;
// A few failed polls are a hiccup (backend restart, network); more mean the
// dialog can no longer tell what happens, which is said instead of guessed.
const MAX_POLL_FAILURES = 3;

/**
 * Starts a rollback and follows it until the backend reports it finished
 * (succeeded, failed or superseded). Polling stops on unmount.
 */
export function useRollback(entityRef: string, pollMs = ROLLBACK_POLL_MS) {
  const api = useApi(consoleApiRef);
  const [state, setState] = useState<RollbackState>({ phase: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const start = useCallback(
    async (request: RollbackRequest) => {
      setState({ phase: 'starting' });
      try {
        const response = await api.rollback(entityRef, request);
        if (!mounted.current) return;
        setState(
          response.outcome === 'noop'
            ? { phase: 'noop', message: response.message }
            : followed(response.rollback, 0),
        );
      } catch (error) {
        if (mounted.current) {
          setState({ phase: 'rejected', error: error as Error });
        }
      }
    },
    [api, entityRef],
  );

  useEffect(() => {
    if (state.phase !== 'progressing') {
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const next = await api.getRollback(state.rollback.id);
        if (!cancelled) setState(followed(next, 0));
      } catch (error) {
        if (cancelled) return;
        const failures = state.pollFailures + 1;
        setState(
          failures >= MAX_POLL_FAILURES
            ? { phase: 'lost', rollback: state.rollback, error: error as Error }
            : { ...state, pollFailures: failures },
        );
      }
    }, pollMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, state, pollMs]);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, reset };
}

function followed(
  rollback: RollbackStatus,
  pollFailures: number,
): RollbackState {
  return rollback.status === 'progressing'
    ? { phase: 'progressing', rollback, pollFailures }
    : { phase: 'finished', rollback };
}
