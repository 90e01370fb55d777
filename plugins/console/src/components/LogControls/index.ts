export { LogControls } from './LogControls';
export type { LogControlsProps, LogOptions } from './LogControls';
