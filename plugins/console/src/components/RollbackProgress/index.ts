export { RollbackProgress } from './RollbackProgress';
