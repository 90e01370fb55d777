/**
 * Decommission of services and applications: preview, then removal from every
 * cluster, the marketplace, the Git host and the catalog, with permission,
 * audit and a persisted report.
 *
 * @packageDocumentation
 */

export { decommissionPlugin as default } from './plugin';
