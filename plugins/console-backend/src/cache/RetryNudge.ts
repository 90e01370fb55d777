/**
 * Lets the collections of a cluster that wait to retry it try again at once,
 * e.g. as soon as a probe sees the cluster's API server answer again, instead
 * of sleeping out their backoff.
 *
 * @internal
 */
export class RetryNudge {
  private readonly waiting = new Set<() => void>();

  /** Resolves after `ms`, on {@link RetryNudge.nudge}, or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiting.delete(done);
        resolve();
      };
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiting.add(done);
    });
  }

  /** Ends every current wait. */
  nudge() {
    [...this.waiting].forEach(done => done());
  }

  /** How many are waiting (for tests). */
  get size(): number {
    return this.waiting.size;
  }
}
