export { RevisionTable } from './RevisionTable';
