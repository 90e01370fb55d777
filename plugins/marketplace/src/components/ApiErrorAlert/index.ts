export { ApiErrorAlert } from './ApiErrorAlert';
export type { ApiErrorAlertProps } from './ApiErrorAlert';
