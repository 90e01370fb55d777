let open = 0;

/**
 * Counts the log requests to Kubernetes API servers that are open in this
 * process: from the moment one is sent until its response is closed (or the
 * request failed). For tests and health checks: a client that went away must
 * bring it back down.
 *
 * @internal
 */
export const upstreamLogStreams = {
  /** Counts one more; call the returned function once it is closed. */
  opened(): () => void {
    open += 1;
    let closed = false;
    return () => {
      if (!closed) {
        closed = true;
        open -= 1;
      }
    };
  },
  count(): number {
    return open;
  },
};
