/**
 * What every Paasport frontend plugin shares.
 *
 * @packageDocumentation
 */

export { usePolled } from './hooks/usePolled';
export { useSystemComponents } from './hooks/useSystemComponents';
export { StaleMarker } from './components/StaleMarker';
export type { StaleMarkerProps } from './components/StaleMarker';
