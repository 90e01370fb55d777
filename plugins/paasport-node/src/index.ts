/**
 * What every Paasport backend plugin shares: audited work.
 *
 * @packageDocumentation
 */

export { audited } from './audited';
export type { AuditMeta } from './audited';
