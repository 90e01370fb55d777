import {
  CanaryPhaseName,
  CanarySummary,
  CanaryTrackReplicas,
} from '@paasport/plugin-console-common';
import { ResponseError } from '@backstage/errors';
import { DateTime } from 'luxon';

// How a canary reads on the Releases and fleet tabs. The backend's own
// sentences (message, pause reason, verdict reasons) are shown as written;
// these only put its numbers into words.

const phaseLabels: Record<CanaryPhaseName, string> = {
  scaling: 'scaling',
  analysing: 'analysing',
  paused: 'paused',
  promoting: 'promoting',
  aborting: 'aborting',
  succeeded: 'promoted',
  aborted: 'aborted',
};

/** The phase as a word for a chip. @internal */
export function phaseLabel(phase: CanaryPhaseName): string {
  return phaseLabels[phase];
}

/** Whether the canary still runs: not promoted, not aborted. @internal */
export function isCanaryRunning(canary: CanarySummary): boolean {
  return (
    !canary.finishedAt &&
    canary.phase !== 'succeeded' &&
    canary.phase !== 'aborted'
  );
}

/** How a finished canary ended. @internal */
export function canaryOutcome(canary: CanarySummary): CanarySummary['outcome'] {
  if (canary.outcome) return canary.outcome;
  if (canary.phase === 'succeeded') return 'promoted';
  if (canary.phase === 'aborted') return 'aborted';
  return undefined;
}

/** "Step 2 of 4". @internal */
export function stepText(canary: CanarySummary): string {
  return `Step ${canary.stepIndex + 1} of ${canary.steps.length}`;
}

/**
 * "25 % target · 22 % in effect": the weight asked for beside the share of
 * ready endpoints that serve the canary, which lags while pods start.
 *
 * @internal
 */
export function weightText(canary: CanarySummary): string {
  const actual =
    canary.actualWeight === null
      ? 'weight in effect unknown'
      : `${formatPercent(canary.actualWeight)} in effect`;
  return `${formatPercent(canary.targetWeight)} target · ${actual}`;
}

/** "3/4 ready", or "none" for a track without a Deployment. @internal */
export function replicasText(track: CanaryTrackReplicas | null): string {
  return track ? `${track.ready}/${track.desired} ready` : 'none';
}

/** A percentage with at most one decimal: "22 %", "2.5 %". @internal */
export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value : value.toFixed(1)} %`;
}

/** "7 min 12 s", "2 h 5 min", "40 s". @internal */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours} h${minutes ? ` ${minutes} min` : ''}`;
  if (minutes > 0) return `${minutes} min${rest ? ` ${rest} s` : ''}`;
  return `${rest} s`;
}

/** Time between two ISO 8601 instants, as {@link formatDuration} says it. @internal */
export function durationBetween(from: string, to: string): string {
  return formatDuration((Date.parse(to) - Date.parse(from)) / 1000);
}

/** "10:42 (in 2 minutes)" for a moment in the next hours. @internal */
export function timeText(iso: string): string {
  const time = DateTime.fromISO(iso);
  return `${time.toLocaleString(DateTime.TIME_SIMPLE)} (${time.toRelative()})`;
}

/**
 * The sentence the backend gave for refusing a request (its 400 or 409),
 * as written; other errors as they are.
 *
 * @internal
 */
export function backendMessage(error: Error): string {
  if (ResponseError.is(error) && error.cause.message) {
    return error.cause.message;
  }
  return error.message;
}
