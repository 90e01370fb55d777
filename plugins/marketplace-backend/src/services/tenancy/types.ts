import { Entity } from '@backstage/catalog-model';
import { ApplicationModel, Team } from '@paasport/kubernetes-node';

/**
 * The parts of the application model the marketplace uses (the whole
 * `ApplicationModel` in the plugin, a test double over the same logic in
 * router tests).
 */
export type MarketplaceModel = Pick<
  ApplicationModel,
  'teamOf' | 'namespacesOf' | 'scopeOf' | 'team' | 'person' | 'assertMayAct'
>;

/** The application a request names, with its owner team. */
export interface Application {
  /** System entity ref. */
  system: string;
  /** The System's owner, a team from an admin-controlled Group. */
  team: Team;
  /** The Component the request names, if it named one. */
  component?: Entity;
}

/** Where a binding's Secret goes. */
export interface BindingPlacement {
  /** Absent only when no clusters are configured. */
  cluster?: string;
  namespace: string;
  /** Component entity ref using the credentials, if any. */
  component?: string;
}

/** Where an instance (and the binding asked for with it) goes. */
export interface RequestPlacement extends BindingPlacement {
  system: string;
  /** Team Group ref, lower case as the model names teams. */
  team: string;
  binding?: BindingPlacement;
}
