import { DependencyList, useCallback, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useInterval from 'react-use/esm/useInterval';

/**
 * Loads data, reloads it every `intervalMs` (0: never) and on `retry`, and
 * keeps the last value through a failed reload, so a blip shows an error
 * above the data instead of replacing it. The value is dropped when `key`
 * changes.
 *
 * @remarks
 * Unlike `useAsyncRetry`, `retry` is stable and never a no-op: a reload
 * asked for while one is in flight (a rollback finished during a periodic
 * refresh) starts again, and the older answer is ignored.
 */
export function usePolled<T>(
  key: string,
  load: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number,
) {
  const [attempt, setAttempt] = useState(0);
  const state = useAsync(load, [...deps, attempt]);
  const retry = useCallback(() => setAttempt(n => n + 1), []);
  useInterval(retry, intervalMs > 0 ? intervalMs : null);
  const last = useRef<{ key: string; value: T }>();
  if (state.value !== undefined) {
    last.current = { key, value: state.value };
  }
  const value =
    state.value ?? (last.current?.key === key ? last.current.value : undefined);
  return { ...state, value, retry };
}
