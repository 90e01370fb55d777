import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';

const KEY = 'paasport.scaffolder.undoSweep';

/**
 * The sweep runs on every replica (`local`: no scheduler lock that a dead
 * replica could hold for the task's whole timeout); claims in the database
 * decide who undoes what. Every 15 s, so a task is undone within seconds of
 * the scaffolder failing it.
 */
const DEFAULT_SCHEDULE: JsonObject = {
  frequency: { seconds: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
  scope: 'local',
};

/** Default lease of a claimed undo; renewed every third of it. */
export const DEFAULT_UNDO_LEASE_SECONDS = 30;

/** Shortest lease accepted: renewals every third of it must fit comfortably. */
const MIN_LEASE_SECONDS = 3;

/**
 * How the undo sweep is scheduled and how long its claims last.
 *
 * @public
 */
export interface UndoSweepSettings {
  schedule: SchedulerServiceTaskScheduleDefinition;
  leaseMs: number;
}

/**
 * Reads `paasport.scaffolder.undoSweep`: a scheduler schedule whose keys
 * (`frequency`, `timeout`, `initialDelay`, `scope`) each default as above,
 * and `leaseSeconds`. A bad value stops the start-up with a message naming
 * the key.
 *
 * @public
 */
export function readUndoSweepSettings(config: Config): UndoSweepSettings {
  const given = config.getOptionalConfig(KEY);
  const scheduleKeys: JsonObject = { ...given?.get<JsonObject>() };
  delete scheduleKeys.leaseSeconds;
  let schedule: SchedulerServiceTaskScheduleDefinition;
  try {
    schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader({ ...DEFAULT_SCHEDULE, ...scheduleKeys }, KEY),
    );
  } catch (error) {
    throw new Error(
      `${KEY}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const leaseKey = `${KEY}.leaseSeconds`;
  const leaseSeconds =
    config.getOptionalNumber(leaseKey) ?? DEFAULT_UNDO_LEASE_SECONDS;
  if (!Number.isFinite(leaseSeconds) || leaseSeconds < MIN_LEASE_SECONDS) {
    throw new Error(
      `${leaseKey} must be a number of seconds, at least ${MIN_LEASE_SECONDS}; got ${leaseSeconds}`,
    );
  }
  return { schedule, leaseMs: Math.round(leaseSeconds * 1000) };
}
