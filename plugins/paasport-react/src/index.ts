/**
 * What every Paasport frontend plugin shares.
 *
 * @packageDocumentation
 */

export { usePolled } from './hooks/usePolled';
export { useSystemComponents } from './hooks/useSystemComponents';
