export interface Config {
  auth?: {
    providers?: {
      /**
       * Guest sign-in. The sign-in page offers it ("Enter") when it is
       * configured; nothing of it but its presence reaches the browser.
       * @visibility frontend
       */
      guest?: {
        userEntityRef?: string;
        ownershipEntityRefs?: string[];
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
      /**
       * OpenID Connect sign-in, per `auth.environment`. The sign-in page
       * offers it when the current environment has an entry; only the
       * presence of each entry and its `title` reach the browser (never the
       * client id or secret).
       * @visibility frontend
       */
      oidc?: {
        /**
         * @visibility frontend
         */
        [authEnvironment: string]: {
          /**
           * What people know the identity provider as, for the sign-in
           * page: "Sign in with <title>". Defaults to "OpenID Connect".
           * @visibility frontend
           */
          title?: string;
        };
      };
    };
  };
}
