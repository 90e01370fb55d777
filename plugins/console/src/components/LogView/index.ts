export { LogView } from './LogView';
export type { LogViewProps } from './LogView';
