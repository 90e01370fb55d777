import {
  InstanceWithBindings,
  MarketplaceOffering,
} from '@paasport/plugin-marketplace-common';

/** Where an instance's credentials go: one binding. @internal */
export interface BindingSummary {
  id: string;
  /** Component entity ref, absent for bindings made for no component. */
  component?: string;
  /** Absent when the marketplace has no clusters configured. */
  cluster?: string;
  /** Binding state, so a half-made binding is not taken for a working one. */
  state: string;
}

/** An instance as the application page lists it. @internal */
export interface InstanceRow {
  id: string;
  name: string;
  offering: string;
  plan: string;
  state: string;
  lastError?: string;
  bindings: BindingSummary[];
}

/**
 * Instances with offering and plan titles (ids when the offerings are
 * unknown), sorted by offering then name; bindings sorted by component then
 * cluster so the table does not reshuffle between loads.
 *
 * @internal
 */
export function toInstanceRows(
  instances: InstanceWithBindings[],
  offerings: MarketplaceOffering[] = [],
): InstanceRow[] {
  const byId = new Map(offerings.map(o => [o.id, o]));
  return instances
    .map(instance => {
      const offering = byId.get(instance.offeringId);
      const plan = offering?.plans.find(p => p.id === instance.planId);
      return {
        id: instance.id,
        name: instance.name,
        offering: offering?.title ?? instance.offeringId,
        plan: plan?.title ?? instance.planId,
        state: instance.state,
        lastError: instance.lastError,
        bindings: instance.bindings
          .map(b => ({
            id: b.id,
            component: b.component,
            cluster: b.cluster,
            state: b.state,
          }))
          .sort(
            (a, b) =>
              (a.component ?? '').localeCompare(b.component ?? '') ||
              (a.cluster ?? '').localeCompare(b.cluster ?? ''),
          ),
      };
    })
    .sort(
      (a, b) =>
        a.offering.localeCompare(b.offering) || a.name.localeCompare(b.name),
    );
}
