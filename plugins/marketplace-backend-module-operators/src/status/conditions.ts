import { z } from 'zod';
import { KubeObject } from '../kube/types';

/** One status condition, as far as it could be read. */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}

const conditionSchema = z.object({
  type: z.string().min(1),
  status: z.string(),
  reason: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  observedGeneration: z.number().int().optional().catch(undefined),
});

/**
 * Reads `status.conditions` without trusting it.
 *
 * @remarks
 * Status is written by someone else's controller (or by hand, or by an older
 * operator version): anything unexpected is reported in `problem` instead of
 * throwing, and unreadable entries are skipped.
 */
export function readConditions(object: KubeObject | undefined): {
  conditions: Condition[];
  problem?: string;
} {
  const status = object?.status;
  if (status === undefined || status === null) return { conditions: [] };
  if (typeof status !== 'object' || Array.isArray(status)) {
    return { conditions: [], problem: 'status is not an object' };
  }
  const raw = (status as { conditions?: unknown }).conditions;
  if (raw === undefined || raw === null) return { conditions: [] };
  if (!Array.isArray(raw)) {
    return { conditions: [], problem: 'status.conditions is not a list' };
  }
  const conditions: Condition[] = [];
  let skipped = 0;
  for (const entry of raw) {
    const parsed = conditionSchema.safeParse(entry);
    if (parsed.success) conditions.push(parsed.data);
    else skipped++;
  }
  return skipped > 0
    ? {
        conditions,
        problem: `${skipped} unreadable entr${
          skipped === 1 ? 'y' : 'ies'
        } in status.conditions`,
      }
    : { conditions };
}

/** The condition of a type, if present. */
export function findCondition(
  conditions: Condition[],
  type: string,
): Condition | undefined {
  return conditions.find(c => c.type === type);
}

/** A numeric status field, if it is one. */
export function statusNumber(
  object: KubeObject | undefined,
  field: string,
): number | undefined {
  const value = statusField(object, field);
  return typeof value === 'number' && Number.isFinite(value)
    ? value
    : undefined;
}

/** A string status field, if it is one. */
export function statusString(
  object: KubeObject | undefined,
  field: string,
): string | undefined {
  const value = statusField(object, field);
  return typeof value === 'string' ? value : undefined;
}

/** A status field of any type; undefined if status is not an object. */
export function statusField(
  object: KubeObject | undefined,
  field: string,
): unknown {
  const status = object?.status;
  if (!status || typeof status !== 'object' || Array.isArray(status)) {
    return undefined;
  }
  return (status as Record<string, unknown>)[field];
}

/**
 * Whether the operator has seen the current spec: `status.observedGeneration`
 * equals `metadata.generation`. A Ready condition from before the last
 * change says nothing about the object as it is now.
 */
export function isObserved(object: KubeObject): boolean {
  const observed = statusNumber(object, 'observedGeneration');
  const generation = object.metadata.generation;
  if (observed === undefined) return false;
  return generation === undefined || observed === generation;
}

/** `reason: message`, or whichever of the two exists. */
export function conditionText(condition: Condition): string {
  return [condition.reason, condition.message].filter(Boolean).join(': ');
}
