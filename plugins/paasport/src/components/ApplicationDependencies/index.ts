export { ApplicationDependencies } from './ApplicationDependencies';
export type { ApplicationDependenciesProps } from './ApplicationDependencies';
