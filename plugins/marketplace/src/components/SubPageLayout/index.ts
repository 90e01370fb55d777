export { SubPageLayout } from './SubPageLayout';
export type { SubPageLayoutProps } from './SubPageLayout';
