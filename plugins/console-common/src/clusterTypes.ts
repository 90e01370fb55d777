/**
 * A cluster that could not answer; other clusters' entries are unaffected.
 *
 * @public
 */
export interface ClusterError {
  cluster: string;
  error: { name: string; message: string };
}

/**
 * Whether a cluster entry failed.
 *
 * @public
 */
export function isClusterError(entry: object): entry is ClusterError {
  return 'error' in entry;
}

/**
 * How fresh the backend's watch cache of a cluster is.
 *
 * @public
 */
export interface CacheFreshness {
  /** The first list of every resource type has completed. */
  synced: boolean;
  /** Synced earlier, but a watch is down: data may be out of date. */
  stale: boolean;
  /** Since when the data may be out of date (ISO 8601). */
  staleSince?: string;
}

/**
 * Health of the backend's cache of one cluster (`GET /clusters`).
 *
 * @public
 */
export interface ClusterHealth {
  name: string;
  title?: string;
  cache: CacheFreshness & {
    lastError?: string;
    resources: Array<{
      resource: string;
      namespace?: string;
      synced: boolean;
      watching: boolean;
      objects: number;
      lastSyncAt?: string;
      lastError?: string;
    }>;
  };
  prometheus: 'configured' | 'unconfigured';
}

/** @public */
export interface ClustersResponse {
  clusters: ClusterHealth[];
}
