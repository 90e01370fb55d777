import { useCallback, useState } from 'react';

/**
 * State of a user-triggered mutation: whether it runs, and the error that
 * stopped it, which stays on screen until the next attempt.
 */
export function useSubmit<A extends unknown[], T>(
  action: (...args: A) => Promise<T>,
) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setRunning(true);
      setError(undefined);
      try {
        return await action(...args);
      } catch (e) {
        setError(e ?? new Error('Unknown error'));
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [action],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { run, running, error, reset };
}
