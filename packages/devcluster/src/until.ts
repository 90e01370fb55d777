/**
 * Polls `probe` until it returns a value other than undefined, and returns
 * it. A probe that throws counts as not yet (a cluster object that is not
 * there yet, a restarting process); if time runs out, the last error is in
 * the message.
 *
 * @public
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { seconds?: number; intervalMs?: number } = {},
): Promise<T> {
  const { seconds = 60, intervalMs = 250 } = options;
  const deadline = Date.now() + seconds * 1000;
  let lastError: unknown;
  for (;;) {
    let value: T | undefined;
    try {
      value = await probe();
    } catch (error) {
      lastError = error;
    }
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const why = lastError ? ` (last error: ${lastError})` : '';
      throw new Error(`timed out waiting for ${what}${why}`);
    }
    await new Promise(r => setTimeout(r, intervalMs));
  }
}
