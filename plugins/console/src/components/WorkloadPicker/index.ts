export { WorkloadPicker } from './WorkloadPicker';
export type { WorkloadPickerProps } from './WorkloadPicker';
