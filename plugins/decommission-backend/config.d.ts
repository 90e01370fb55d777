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
     * A run that made no progress for this many seconds (the backend
     * restarted mid-way) is shown as interrupted and can be retried.
     * Default 300.
     */
    interruptedAfterSeconds?: number;
  };
}
