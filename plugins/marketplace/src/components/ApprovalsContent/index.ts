export { ApprovalsContent } from './ApprovalsContent';
export type { ApprovalsContentProps } from './ApprovalsContent';
