export { BindingsCard } from './BindingsCard';
export type { BindingsCardProps } from './BindingsCard';
