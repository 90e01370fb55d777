export { DecommissionDialog } from './DecommissionDialog';
export type { DecommissionDialogProps } from './DecommissionDialog';
