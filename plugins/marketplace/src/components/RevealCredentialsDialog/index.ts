export { RevealCredentialsDialog } from './RevealCredentialsDialog';
export type { RevealCredentialsDialogProps } from './RevealCredentialsDialog';
