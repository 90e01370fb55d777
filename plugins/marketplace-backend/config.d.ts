import { JsonObject } from '@backstage/types';

export interface Config {
  marketplace?: {
    /**
     * What users can request. Without this, built-in MySQL, Redis and Kafka
     * offerings are used (see src/services/offerings/defaults.ts).
     */
    offerings?: Array<{
      /** Stable id, used in requests and URLs (e.g. `mysql`). */
      id: string;
      title: string;
      description?: string;
      /**
       * JSON schema of the parameters of every plan (validated with ajv;
       * defaults are applied). Defaults to "no parameters".
       */
      parametersSchema?: JsonObject;
      plans: Array<{
        /** Stable id within the offering (e.g. `small`). */
        id: string;
        title: string;
        description?: string;
        /** Size counted against the team's quota, GiB. */
        sizeGb: number;
        /** Replicated / highly available. */
        ha?: boolean;
        /** Requests wait for a team or platform approver. */
        requiresApproval?: boolean;
        /**
         * Back end: `osb:<broker>` (a broker under `marketplace.brokers`) or a
         * provider another package registers, e.g. `operator:moco`.
         */
        provider: string;
        /**
         * Given to the provider as is. OSB providers read `service` and
         * `plan`: names (or ids) in the broker's catalog.
         */
        providerOptions?: JsonObject;
        /** Overrides the offering's parametersSchema for this plan. */
        parametersSchema?: JsonObject;
      }>;
    }>;

    /** Open Service Brokers, by name; plans use them as `osb:<name>`. */
    brokers?: {
      [name: string]: {
        /** Base URL, e.g. `http://localhost:7080`. */
        url: string;
        username: string;
        /**
         * A broker without a password is left out with a warning, so that a
         * config that takes it from an unset environment variable still
         * starts (its plans are then unavailable).
         *
         * @visibility secret
         */
        password?: string;
        /** Per-request timeout; timeouts trigger orphan mitigation. Default 30. */
        timeoutSeconds?: number;
      };
    };

    /** Limits per team: live instances and their total size. */
    quotas?: {
      /** For teams without an entry below. Default: 10 instances, 100 GiB. */
      default?: { instances: number; totalSizeGb: number };
      teams?: Array<{
        /** Group entity ref, e.g. `group:default/payments`. */
        team: string;
        instances: number;
        totalSizeGb: number;
      }>;
    };

    processor?: {
      /** How often the request processor runs on each replica, seconds. Default 5. */
      frequencySeconds?: number;
      /**
       * How long a replica's claim on a request or binding lasts without a
       * renewal, seconds (at least 3). Work in progress renews it every
       * third of this; when a replica dies, the others take its rows over
       * once it runs out. Default 15.
       */
      leaseSeconds?: number;
    };
  };
}
