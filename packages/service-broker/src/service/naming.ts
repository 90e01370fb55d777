import { createHash } from 'node:crypto';

function hash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * Server-side names derive from the platform's ids by hashing: ids may hold
 * any character, names must be safe in SQL and ACL rules, and a retried
 * request must land on the same name.
 */
export const naming = {
  /** Database name or key prefix of an instance. */
  resource: (instanceId: string) => `osb_${hash(instanceId, 20)}`,
  /** Prefix shared by the users of every binding of an instance. */
  userPrefix: (instanceId: string) => `u${hash(instanceId, 12)}_`,
  /** User of one binding (27 characters, within MySQL's limit of 32). */
  user: (instanceId: string, bindingId: string) =>
    `u${hash(instanceId, 12)}_${hash(`${instanceId}/${bindingId}`, 14)}`,
};

/** JSON with sorted keys, so equal parameters compare equal as text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
