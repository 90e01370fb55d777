export { DeprovisionButton } from './DeprovisionButton';
export type { DeprovisionButtonProps } from './DeprovisionButton';
