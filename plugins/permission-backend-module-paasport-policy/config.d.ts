export interface Config {
  paasport?: {
    permissions?: {
      /**
       * Entity refs of the groups whose members may perform every action
       * (for example `group:default/admins`). Membership is read from the
       * user's ownership claims, so nested groups count when the sign-in
       * resolver includes them.
       */
      adminGroups?: string[];
    };
  };
}
