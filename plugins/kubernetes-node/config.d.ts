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
      /**
       * The ServiceAccount (`<namespace>/<name>`) the portal impersonates to
       * make the platform's own objects in team namespaces: the Namespace,
       * its quota and limit range, the team's RoleBindings. The portal's own
       * token writes nothing in a team namespace. Default
       * `paasport-system/paasport-platform`.
       */
      platformServiceAccount?: string;
    };
    /** Trust of catalog locations (the application model's). */
    catalog?: {
      /**
       * Catalog locations trusted like `catalog.locations`: their entities
       * may be of any kind, and only their Groups and Users define teams and
       * membership. Entities from any other origin, such as a location
       * someone registered through the catalog API, may only be Component,
       * API, Resource or System (plus the registered Location itself);
       * Groups, Users, Templates, Domains and nested Locations from them are
       * rejected by the catalog module.
       *
       * Each entry is compared with an entity's
       * `backstage.io/managed-by-origin-location`: an exact location ref such
       * as `url:https://git.example.com/platform/org/blob/main/org.yaml`, or a
       * prefix when it ends in `:` (`msgraph:`, for an org provider's
       * entities) or `*` (`url:https://git.example.com/platform/*`; the `*`
       * is not part of the prefix, end it with `/`). A prefix trusts `url`
       * and `file` origins only in canonical form (no `..`, no encoded
       * slashes or dots). `url:`, `file:` and `url:*` are refused: they would
       * trust every registration. `catalog.locations` and Paasport
       * discovery (`paasport-discovery:`) are always trusted.
       */
      trustedLocations?: string[];
    };
  };
}
