import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { isNamespaceName } from '../model/teamNamespaces';

/**
 * `paasport.discovery`, read and checked.
 *
 * @public
 */
export interface DiscoveryConfig {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  namespaces?: string[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 2 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 30 },
};

/**
 * Reads `paasport.discovery`; throws an error naming the key when a value is
 * invalid, so that a typo stops the backend instead of discovering nothing.
 *
 * @public
 */
export function readDiscoveryConfig(config: Config): DiscoveryConfig {
  const discovery = config.getOptionalConfig('paasport.discovery');
  const scheduleConfig = discovery?.getOptionalConfig('schedule');
  const schedule = scheduleConfig
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
    : DEFAULT_SCHEDULE;
  const namespaces = discovery?.getOptionalStringArray('namespaces');
  const invalid = namespaces?.filter(ns => !isNamespaceName(ns)) ?? [];
  if (invalid.length) {
    throw new Error(
      `Invalid paasport.discovery.namespaces: ${invalid
        .map(ns => `'${ns}'`)
        .join(', ')} is not a namespace name (RFC 1123 label)`,
    );
  }
  return {
    enabled: discovery?.getOptionalBoolean('enabled') ?? true,
    // Several replicas must not list the clusters and apply deltas at once:
    // the stored "last emitted" state assumes one writer.
    schedule: { ...schedule, scope: 'global' },
    ...(namespaces && { namespaces }),
  };
}
