import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The application (System entity ref) an entity's middleware belongs to: a
 * System itself, or a Component's `spec.system`. Undefined for a Component
 * that belongs to no application.
 */
export function applicationOf(entity: Entity): string | undefined {
  const kind = entity.kind.toLowerCase();
  if (kind === 'system') return stringifyEntityRef(entity);
  const system = entity.spec?.system;
  if (kind !== 'component' || typeof system !== 'string' || !system) {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(system, {
      defaultKind: 'system',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
}
