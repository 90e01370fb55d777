import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { OwnershipCondition } from './extensionPoint';

/**
 * Permissions of the self-service flows: anyone signed in may start a template
 * (its actions check the finer permissions themselves), register what it
 * created or an existing component, and refresh or validate catalog entities.
 *
 * @remarks
 * `catalog.entity.create` is checked by no backend: the frontend asks it
 * before it shows the import page ("Register Existing Component") and its
 * buttons. Registering itself is `catalog.location.create`, allowed here to
 * everyone (what a registered location may bring is limited by the catalog
 * module's location trust), so the page is allowed to everyone too; without
 * it the page answered 404 to the people the policy lets register.
 */
export const defaultEveryonePermissions = [
  'scaffolder.task.create',
  'scaffolder.action.execute',
  'catalog.location.create',
  'catalog.entity.create',
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
