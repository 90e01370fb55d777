/**
 * Decommission of services and applications: a preview of everything that
 * would be removed, a typed confirmation, progress and the final report.
 *
 * @packageDocumentation
 */
export { decommissionPlugin, EntityDecommissionCard } from './plugin';
export { decommissionApiRef } from './api';
export { isDecommissionable } from './conditions';
export { DecommissionButton } from './components/DecommissionButton';
export type { DecommissionButtonProps } from './components/DecommissionButton';
