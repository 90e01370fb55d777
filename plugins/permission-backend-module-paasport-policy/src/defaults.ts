import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { OwnershipCondition } from './extensionPoint';

/**
 * Permissions of the self-service flows: anyone signed in may start a template
 * (its actions check the finer permissions themselves), register what it
 * created, and refresh or validate catalog entities.
 */
export const defaultEveryonePermissions = [
  'scaffolder.task.create',
  'scaffolder.action.execute',
  'catalog.location.create',
  'catalog.entity.refresh',
  'catalog.entity.validate',
];

/** Owners of a catalog entity are the users and groups in its `spec.owner`. */
export const catalogEntityOwnership: OwnershipCondition = (
  permission,
  claims,
) =>
  createCatalogConditionalDecision(
    permission as Parameters<typeof createCatalogConditionalDecision>[0],
    catalogConditions.isEntityOwner({ claims }),
  );
