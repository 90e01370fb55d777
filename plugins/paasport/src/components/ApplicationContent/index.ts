export { ApplicationContent } from './ApplicationContent';
export type { ApplicationContentProps } from './ApplicationContent';
