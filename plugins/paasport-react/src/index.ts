/**
 * What every Paasport frontend plugin shares.
 *
 * @packageDocumentation
 */

export { consoleApiRef } from './apis/consoleApiRef';
export { marketplaceApiRef } from './apis/marketplaceApiRef';
export { usePolled } from './hooks/usePolled';
export {
  isWorkloadComponent,
  workloadComponentFilter,
} from './workloadComponents';
export { useSystemComponents } from './hooks/useSystemComponents';
export { StaleMarker } from './components/StaleMarker';
export type { StaleMarkerProps } from './components/StaleMarker';
export {
  RevisionComparisonChip,
  comparisonLabel,
} from './components/RevisionComparisonChip';
export type { RevisionComparisonChipProps } from './components/RevisionComparisonChip';
export { formatErrorRate, formatLatency } from './components/comparisonFormat';
