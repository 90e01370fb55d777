export { LogViewOptions } from './LogViewOptions';
export type { LogViewOptionsProps } from './LogViewOptions';
