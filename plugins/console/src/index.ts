/**
 * Application console: releases, rollback, logs and metrics of a catalog
 * entity's workloads on every cluster.
 *
 * @packageDocumentation
 */
export {
  consolePlugin,
  EntityConsoleFleetContent,
  EntityConsoleLogsContent,
  EntityConsoleMetricsContent,
  EntityConsoleReleasesContent,
  EntityTeamNamespacesCard,
} from './plugin';
export { consoleApiRef } from './api';
export { isConsoleComponent, isConsoleSystem } from './conditions';
export type { ReleasesContentProps } from './components/ReleasesContent';
export type { FleetMatrixProps } from './components/FleetMatrix';
export type { TeamNamespacesCardProps } from './components/TeamNamespacesCard';
