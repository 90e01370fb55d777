export interface Config {
  marketplace?: {
    operators?: {
      /**
       * ClusterRole that lets the portal read Secrets, bound by the providers
       * in a team namespace before they create middleware there (the portal's
       * own role cannot read Secrets). Default `paasport-portal-credentials`.
       */
      credentialsClusterRole?: string;
    };
  };
}
