import { Config } from '@backstage/config';
import { DEFAULT_IMPERSONATION_PREFIX } from '@paasport/kubernetes-node';
import type { EventListenerRoles } from './actions/tekton/eventListenerAccess';

/**
 * Settings of the Paasport scaffolder actions, from `paasport.scaffolder`
 * and `paasport.tenancy`.
 *
 * @public
 */
export interface PaasportScaffolderConfig {
  fieldManager: string;
  tenancy: {
    /**
     * The ClusterRole a team's group is bound to in its namespaces
     * (RoleBinding `paasport-team`), and the pipeline's ServiceAccount too.
     */
    teamRole: string;
    /** Prefix of the Kubernetes names of people and teams. */
    impersonationPrefix: string;
    /**
     * The portal's own ServiceAccount (`<namespace>/<name>`), which a team
     * namespace's RoleBinding `paasport-portal-impersonation` lets act for
     * people there.
     */
    portalServiceAccount: string;
    /** The ClusterRole of that binding: on what the portal may act for people. */
    portalImpersonationRole: string;
  };
  namespace: {
    quota: Record<string, string>;
    limits: {
      defaultRequest: Record<string, string>;
      default: Record<string, string>;
    };
  };
  tekton: {
    webhookUrl: string;
    webhookEvents: string[];
    eventListenerRoles: EventListenerRoles;
  };
}

// Same sizes as the demo teams' namespaces (packages/devcluster/seed/team-limits.yaml).
const DEFAULT_QUOTA = {
  'requests.cpu': '8',
  'requests.memory': '16Gi',
  'limits.cpu': '16',
  'limits.memory': '32Gi',
  pods: '60',
  services: '20',
};

function stringMap(config?: Config): Record<string, string> | undefined {
  if (!config) return undefined;
  return Object.fromEntries(
    config.keys().map(key => [key, config.getString(key)]),
  );
}

function serviceAccount(value: string): string {
  if (!/^[a-z0-9-]+\/[a-z0-9.-]+$/.test(value)) {
    throw new Error(
      `paasport.tenancy.portalServiceAccount: '${value}' is not <namespace>/<name>`,
    );
  }
  return value;
}

/**
 * Reads `paasport.scaffolder` and `paasport.tenancy` with their defaults.
 *
 * @public
 */
export function readPaasportScaffolderConfig(
  config: Config,
): PaasportScaffolderConfig {
  const root = config.getOptionalConfig('paasport.scaffolder');
  const tenancy = config.getOptionalConfig('paasport.tenancy');
  const ns = root?.getOptionalConfig('namespace');
  const tekton = root?.getOptionalConfig('tekton');
  return {
    fieldManager:
      root?.getOptionalString('fieldManager') ?? 'paasport-scaffolder',
    tenancy: {
      teamRole: tenancy?.getOptionalString('teamRole') ?? 'paasport-team',
      impersonationPrefix:
        tenancy?.getOptionalString('impersonationPrefix') ??
        DEFAULT_IMPERSONATION_PREFIX,
      portalServiceAccount: serviceAccount(
        tenancy?.getOptionalString('portalServiceAccount') ??
          'paasport-system/paasport-portal',
      ),
      portalImpersonationRole:
        tenancy?.getOptionalString('portalImpersonationRole') ??
        'paasport-portal-impersonation',
    },
    namespace: {
      quota: stringMap(ns?.getOptionalConfig('quota')) ?? DEFAULT_QUOTA,
      limits: {
        defaultRequest: stringMap(
          ns?.getOptionalConfig('limits.defaultRequest'),
        ) ?? { cpu: '100m', memory: '128Mi' },
        default: stringMap(ns?.getOptionalConfig('limits.default')) ?? {
          cpu: '500m',
          memory: '512Mi',
        },
      },
    },
    tekton: {
      webhookUrl:
        tekton?.getOptionalString('webhookUrl') ??
        'http://el-{eventListener}.{namespace}.svc.cluster.local:8080',
      webhookEvents: tekton?.getOptionalStringArray('webhookEvents') ?? [
        'push',
      ],
      // The names a Tekton Triggers release installs.
      eventListenerRoles: {
        namespaced:
          tekton?.getOptionalString('eventListenerRoles.namespaced') ??
          'tekton-triggers-eventlistener-roles',
        cluster:
          tekton?.getOptionalString('eventListenerRoles.cluster') ??
          'tekton-triggers-eventlistener-clusterroles',
      },
    },
  };
}
