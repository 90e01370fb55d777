import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

/**
 * An entity with its ref and a hash of its content.
 *
 * @public
 */
export interface HashedEntity {
  ref: string;
  hash: string;
  entity: Entity;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Adds refs and content hashes; key order does not change a hash.
 *
 * @public
 */
export function hashEntities(entities: Entity[]): HashedEntity[] {
  return entities.map(entity => ({
    ref: stringifyEntityRef(entity),
    hash: createHash('sha256').update(stableJson(entity)).digest('hex'),
    entity,
  }));
}

/**
 * What changed since the last run: entities that are new or whose content
 * changed (both go into a delta's `added`, which upserts), and refs that are
 * gone.
 *
 * @public
 */
export function diffEntities(
  previous: Map<string, string>,
  next: HashedEntity[],
): { added: HashedEntity[]; removed: string[] } {
  const nextRefs = new Set(next.map(e => e.ref));
  return {
    added: next.filter(e => previous.get(e.ref) !== e.hash),
    removed: [...previous.keys()].filter(ref => !nextRefs.has(ref)),
  };
}
