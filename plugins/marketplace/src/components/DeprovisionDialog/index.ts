export { DeprovisionDialog } from './DeprovisionDialog';
export type { DeprovisionDialogProps } from './DeprovisionDialog';
