import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  paasport?: {
    /** The tenancy model (see also `@paasport/kubernetes-node`). */
    tenancy?: {
      /**
       * The ClusterRole a team's group (`<impersonationPrefix>group:default/<team>`)
       * is bound to in each of its namespaces, by the RoleBinding
       * `paasport-team` that `paasport:namespace:ensure` makes: what the
       * team's members may do there when Paasport acts for them. A pipeline's
       * ServiceAccount gets the same role in its namespace. The portal's
       * identity needs `bind` on it. Defaults to `paasport-team`.
       */
      teamRole?: string;
      /**
       * The portal's own ServiceAccount, `<namespace>/<name>`: the subject of
       * the RoleBinding `paasport-portal-impersonation` that
       * `paasport:namespace:ensure` makes in each team namespace, which lets
       * the portal act for people there (and nowhere else). Defaults to
       * `paasport-system/paasport-portal`.
       */
      portalServiceAccount?: string;
      /**
       * The ClusterRole of that binding: on what the portal may act for
       * people in a team namespace. Defaults to
       * `paasport-portal-impersonation`.
       */
      portalImpersonationRole?: string;
    };
    /** Paasport's scaffolder actions (plugin scaffolder-backend-module-paasport). */
    scaffolder?: {
      /**
       * Field manager of every server-side apply the actions make; also the
       * `app.kubernetes.io/managed-by` label of what they create.
       * Defaults to `paasport-scaffolder`.
       */
      fieldManager?: string;
      /**
       * What `paasport:namespace:ensure` puts into a new team namespace
       * besides the team's RoleBinding (see `paasport.tenancy.teamRole`).
       */
      namespace?: {
        /** `spec.hard` of the team's ResourceQuota. */
        quota?: { [resource: string]: string };
        /** Container defaults of the team's LimitRange. */
        limits?: {
          defaultRequest?: { cpu?: string; memory?: string };
          default?: { cpu?: string; memory?: string };
        };
      };
      /**
       * The sweep that undoes tasks which ended without their undo step
       * (backend died, user cancelled). It runs on every replica; each task
       * is claimed in the database with a lease, so one replica undoes it
       * and another resumes if that one dies. Every key is optional.
       */
      undoSweep?: {
        /** How often each replica sweeps. Defaults to every 15 seconds. */
        frequency?: SchedulerServiceTaskScheduleDefinitionConfig['frequency'];
        /**
         * After this long a sweep stops taking tasks and stops waiting for an
         * undo that does not answer (its lease then runs out and another
         * replica resumes). Defaults to 10 minutes.
         */
        timeout?: SchedulerServiceTaskScheduleDefinitionConfig['timeout'];
        /** Delay before a replica's first sweep. Defaults to 15 seconds. */
        initialDelay?: SchedulerServiceTaskScheduleDefinitionConfig['initialDelay'];
        /**
         * `local` (default): every replica sweeps, claims decide who undoes
         * what. `global` makes the scheduler run one sweep at a time across
         * replicas, and a replica that dies mid-sweep then holds the sweep
         * up for the whole `timeout`.
         */
        scope?: 'global' | 'local';
        /**
         * How long a claimed undo stays reserved without renewal (renewed
         * every third of it while the undo runs): how long a dead replica's
         * undo waits before another replica resumes it. At least 3.
         * Defaults to 30.
         */
        leaseSeconds?: number;
      };
      /** What `paasport:tekton:pipeline` wires up. */
      tekton?: {
        /**
         * URL at which Gitea reaches an EventListener; `{cluster}`,
         * `{namespace}` and `{eventListener}` are replaced. Defaults to the
         * listener's in-cluster Service,
         * `http://el-{eventListener}.{namespace}.svc.cluster.local:8080`.
         */
        webhookUrl?: string;
        /** Repository events that trigger the pipeline. Defaults to `push`. */
        webhookEvents?: string[];
        /**
         * The ClusterRoles granted to an EventListener's ServiceAccount, as
         * Tekton Triggers installs them. The portal's identity needs `bind` on
         * both (and create/delete on ClusterRoleBindings).
         */
        eventListenerRoles?: {
          /** Bound in the team namespace; default `tekton-triggers-eventlistener-roles`. */
          namespaced?: string;
          /** Bound cluster-wide; default `tekton-triggers-eventlistener-clusterroles`. */
          cluster?: string;
        };
      };
    };
  };
}
