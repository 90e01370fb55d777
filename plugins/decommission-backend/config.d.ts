export interface Config {
  /** Decommission of services and applications (`@paasport/plugin-decommission-backend`). */
  decommission?: {
    /**
     * How long, in seconds, a deleted Kubernetes object or unregistered
     * catalog entity may take to disappear before the item counts as failed
     * (it can be retried). Default 60.
     */
    goneWaitSeconds?: number;
    /**
     * How long, in seconds, to wait for the marketplace to finish
     * deprovisioning an instance before the run moves on; the marketplace
     * finishes it either way. Default 60.
     */
    middlewareWaitSeconds?: number;
    /**
     * A run that made no progress for this many seconds (no worker on any
     * replica could continue it, or an item hangs) is shown as interrupted
     * and can be retried. Default 300.
     */
    interruptedAfterSeconds?: number;
    /** The worker that carries out runs, one on every backend replica. */
    worker?: {
      /**
       * How long, in seconds, a worker holds a run without renewing its
       * lease (it renews every third of it while it works). When a replica
       * dies, a worker on another takes its runs over after this long, and
       * continues them where they stopped. Workers look for runs every
       * third of it (at most every 5 s). Default 15.
       */
      leaseSeconds?: number;
    };
  };
}
