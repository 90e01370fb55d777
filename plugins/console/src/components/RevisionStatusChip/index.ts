export { RevisionStatusChip } from './RevisionStatusChip';
