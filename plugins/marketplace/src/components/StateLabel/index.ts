export { StateLabel } from './StateLabel';
export type { StateLabelProps } from './StateLabel';
