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
    /** The tenancy model: how people and teams appear to the clusters. */
    tenancy?: {
      /**
       * Prefix of the Kubernetes user and group names Paasport impersonates:
       * a person is `<prefix><userEntityRef>` (e.g.
       * `paasport:user:default/alice`), a team `<prefix><groupEntityRef>`.
       * RoleBindings in team namespaces name the team this way. Default
       * `paasport:`.
       */
      impersonationPrefix?: string;
    };
    catalog?: {
      /**
       * Catalog locations the platform controls besides `catalog.locations`,
       * as `type:target` location refs (`backstage.io/managed-by-origin-location`);
       * an entry ending in `:` or `*` is a prefix, e.g. `msgraph:` for an org
       * provider. Only Groups and Users from trusted locations define teams
       * and membership.
       */
      trustedLocations?: string[];
    };
  };
}
