export { LeaseKeeper } from './LeaseKeeper';
export type { LeaseKeeperOptions, LeaseLoss } from './LeaseKeeper';
export { supportsRowLocks } from './supportsRowLocks';
export { workerName } from './workerName';
