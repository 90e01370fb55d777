import { DependencyList, useCallback, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';

/**
 * Loads data, reloads it every `intervalMs` (0 or null: never) and on `retry`, and
 * keeps the last value through a failed reload, so a blip shows an error
 * above the data instead of replacing it. The value is dropped when `key`
 * changes.
 *
 * @remarks
 * Unlike `useAsyncRetry`, `retry` is stable and never a no-op: a reload
 * asked for while one is in flight (a rollback finished during a periodic
 * refresh) starts again, and the older answer is ignored.
 *
 * @public
 */
export function usePolled<T>(
  key: string,
  load: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number | null,
) {
  const [attempt, setAttempt] = useState(0);
  // Each answer carries the key it was loaded for: useAsync keeps the
  // previous answer while the next load runs, which after a key change is
  // another entity's data.
  const state = useAsync(
    async () => ({ key, value: await load() }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [...deps, key, attempt],
  );
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  useInterval(retry, intervalMs && intervalMs > 0 ? intervalMs : null);
  const last = useRef<{ key: string; value: T }>();
  if (state.value) {
    last.current = state.value;
  }
  const value = last.current?.key === key ? last.current.value : undefined;
  return { ...state, value, retry };
}
