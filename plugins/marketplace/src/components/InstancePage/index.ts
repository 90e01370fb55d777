export { InstancePage } from './InstancePage';
export type { InstancePageProps } from './InstancePage';
