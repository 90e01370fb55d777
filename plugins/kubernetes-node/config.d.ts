export interface Config {
  /** Paasport settings. */
  paasport?: {
    /**
     * Per-cluster settings, keyed by the cluster `name` used in
     * `kubernetes.clusterLocatorMethods` (type `config`).
     */
    clusters?: {
      [name: string]: {
        /**
         * Base URL of the Prometheus that scrapes this cluster, e.g.
         * `http://prometheus.monitoring:9090`. Without it, metrics views say
         * that metrics are not configured for the cluster.
         */
        prometheusUrl?: string;
      };
    };
  };
}
