export { ContainerPicker } from './ContainerPicker';
export type { ContainerPickerProps } from './ContainerPicker';
