import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Paasport settings. */
  paasport?: {
    /**
     * Discovery of Components and Systems from the Deployments and
     * StatefulSets of every cluster in `kubernetes.clusterLocatorMethods`
     * (`@paasport/plugin-catalog-backend-module-paasport`).
     */
    discovery?: {
      /**
       * Whether discovery runs. Default true; the model checks of the same
       * module run either way.
       */
      enabled?: boolean;
      /**
       * How often the clusters are listed, and how long one run may take
       * before it is cancelled. Default: every 2 minutes, timeout 5 minutes,
       * first run 30 seconds after start (so that catalog files are read
       * first and declared Components are not discovered twice). The task
       * always runs with scope `global`: one replica at a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Only discover workloads in these namespaces. Default: all namespaces
       * (the portal's service account must be allowed to list Deployments
       * and StatefulSets cluster-wide).
       */
      namespaces?: string[];
    };
  };
}
