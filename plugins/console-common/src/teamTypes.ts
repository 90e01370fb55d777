/**
 * What became of a team's claim to a namespace on one cluster.
 *
 * @public
 */
export interface TeamNamespaceStatus {
  cluster: string;
  namespace: string;
  /**
   * `held`: labelled for the team and claimed by no one else. `refused`:
   * claimed by another team too, or labelled for another team.
   * `missing`: absent or not labelled for the team yet. `unverified`: the
   * cluster could not be asked.
   */
  status: 'held' | 'refused' | 'missing' | 'unverified';
  /** Why, for every status but `held`. */
  message?: string;
}

/**
 * A team's namespaces on every cluster
 * (`GET /teams/:namespace/:name/namespaces`).
 *
 * @public
 */
export interface TeamNamespacesResponse {
  /** The team Group's ref. */
  team: string;
  /** One entry per cluster where the team claims a namespace. */
  clusters: TeamNamespaceStatus[];
}
