/**
 * What every Paasport frontend plugin shares.
 *
 * @packageDocumentation
 */

export { usePolled } from './hooks/usePolled';
