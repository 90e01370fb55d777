import { Config } from '@backstage/config';
import type { EventListenerRoles } from './actions/tekton/eventListenerAccess';

/**
 * Settings of the Paasport scaffolder actions, from `paasport.scaffolder`.
 *
 * @public
 */
export interface PaasportScaffolderConfig {
  fieldManager: string;
  namespace: {
    teamSubjectPrefix: string;
    teamClusterRole: string;
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

/**
 * Reads `paasport.scaffolder` with its defaults.
 *
 * @public
 */
export function readPaasportScaffolderConfig(
  config: Config,
): PaasportScaffolderConfig {
  const root = config.getOptionalConfig('paasport.scaffolder');
  const ns = root?.getOptionalConfig('namespace');
  const tekton = root?.getOptionalConfig('tekton');
  return {
    fieldManager:
      root?.getOptionalString('fieldManager') ?? 'paasport-scaffolder',
    namespace: {
      teamSubjectPrefix:
        ns?.getOptionalString('teamSubjectPrefix') ?? 'paasport:team:',
      teamClusterRole: ns?.getOptionalString('teamClusterRole') ?? 'edit',
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
