export { DecommissionPreview, planSummary } from './DecommissionPreview';
export type { DecommissionPreviewProps } from './DecommissionPreview';
