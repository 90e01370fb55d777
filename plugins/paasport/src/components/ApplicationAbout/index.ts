export { ApplicationAbout } from './ApplicationAbout';
export type { ApplicationAboutProps } from './ApplicationAbout';
