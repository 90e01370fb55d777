/**
 * What every Paasport backend plugin shares: audited work, and the parts of
 * leased background work (the lease heartbeat, worker names, row locks).
 *
 * @packageDocumentation
 */

export { audited } from './audited';
export type { AuditMeta } from './audited';
export * from './work';
