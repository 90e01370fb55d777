export { DecommissionItemList, STEP_TITLES } from './DecommissionItemList';
export type { DecommissionItemListProps } from './DecommissionItemList';
