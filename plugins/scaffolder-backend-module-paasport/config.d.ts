import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  paasport?: {
    /** Paasport's scaffolder actions (plugin scaffolder-backend-module-paasport). */
    scaffolder?: {
      /**
       * Field manager of every server-side apply the actions make; also the
       * `app.kubernetes.io/managed-by` label of what they create.
       * Defaults to `paasport-scaffolder`.
       */
      fieldManager?: string;
      /** What `paasport:namespace:ensure` puts into a new team namespace. */
      namespace?: {
        /**
         * Kubernetes group (as the clusters' authenticator reports it) of a
         * team's members: this prefix plus the Group entity name.
         * Defaults to `paasport:team:`.
         */
        teamSubjectPrefix?: string;
        /** ClusterRole bound to the team in its namespace. Defaults to `edit`. */
        teamClusterRole?: string;
        /** `spec.hard` of the team's ResourceQuota. */
        quota?: { [resource: string]: string };
        /** Container defaults of the team's LimitRange. */
        limits?: {
          defaultRequest?: { cpu?: string; memory?: string };
          default?: { cpu?: string; memory?: string };
        };
      };
      /**
       * How often to undo tasks that ended without their undo step (backend
       * died, user cancelled). Defaults to every 5 minutes after 1 minute.
       */
      undoSweep?: SchedulerServiceTaskScheduleDefinitionConfig;
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
