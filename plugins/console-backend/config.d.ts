import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Application console (`@paasport/plugin-console-backend`). */
  console?: {
    /**
     * Namespaces whose workloads the console watches in every cluster.
     * Default: all namespaces (the portal's service account must be allowed
     * to list and watch them cluster-wide).
     */
    namespaces?: string[];
    cache?: {
      /**
       * How long a list request, or the start of a watch, may take before
       * the cluster counts as unreachable. Default 15 seconds.
       */
      requestTimeout?: HumanDuration | string;
      /**
       * How long a request waits for a cluster cache that is still loading
       * before answering with an error entry for that cluster. Default 3 s.
       */
      readyWait?: HumanDuration | string;
      /**
       * The longest wait between two attempts to reach a cluster whose watch
       * failed (backoff doubles from 1 s up to this). Besides, a failing
       * cluster is probed (`/readyz`) every second and retried as soon as it
       * answers. Default 5 seconds.
       */
      maxRetryDelay?: HumanDuration | string;
    };
    rollback?: {
      /**
       * How long a StatefulSet rollback may take until its updated pods are
       * ready before it is reported as failed (StatefulSets have no progress
       * deadline of their own; Deployments use `progressDeadlineSeconds`).
       * Default 10 minutes.
       */
      statefulSetProgressDeadline?: HumanDuration | string;
    };
    logs?: {
      /**
       * The most container log streams one request may follow at once.
       * Default 40.
       */
      maxContainers?: number;
    };
  };
}
