import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { WatchTiming } from './cache/WatchedCollection';
import { LogOrdering } from './logs/LogMerger';

/** @internal */
export interface ConsoleConfig {
  namespaces: string[];
  timing: WatchTiming;
  readyWaitMs: number;
  statefulSetDeadlineMs: number;
  logs: { maxContainers: number; ordering: LogOrdering };
}

function duration(config: Config, key: string, fallback: HumanDuration) {
  return durationToMilliseconds(
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

/**
 * Reads the `console` config section (see config.d.ts), with defaults.
 *
 * @internal
 */
export function readConsoleConfig(root: Config): ConsoleConfig {
  const config = root.getOptionalConfig('console') ?? new ConfigReader({});
  return {
    namespaces: config.getOptionalStringArray('namespaces') ?? [],
    timing: {
      requestTimeoutMs: duration(config, 'cache.requestTimeout', {
        seconds: 15,
      }),
      watchTimeoutSeconds: 300,
      backoffInitialMs: 1000,
      backoffMaxMs: duration(config, 'cache.maxRetryDelay', { seconds: 5 }),
      probeIntervalMs: 1000,
    },
    readyWaitMs: duration(config, 'cache.readyWait', { seconds: 3 }),
    statefulSetDeadlineMs: duration(
      config,
      'rollback.statefulSetProgressDeadline',
      { minutes: 10 },
    ),
    logs: {
      maxContainers: config.getOptionalNumber('logs.maxContainers') ?? 40,
      // A kubelet sends a tail in one burst; demo and real runtimes stamp
      // lines at most about a second before they can be read.
      ordering: { settleMs: 1000, latenessMs: 2500 },
    },
  };
}
