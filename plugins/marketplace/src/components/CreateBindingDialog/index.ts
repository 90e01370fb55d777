export { CreateBindingDialog } from './CreateBindingDialog';
export type { CreateBindingDialogProps } from './CreateBindingDialog';
