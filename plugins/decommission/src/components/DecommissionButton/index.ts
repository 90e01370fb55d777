export { DecommissionButton } from './DecommissionButton';
export type { DecommissionButtonProps } from './DecommissionButton';
