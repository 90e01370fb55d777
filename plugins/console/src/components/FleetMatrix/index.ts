export { FleetMatrix } from './FleetMatrix';
export type { FleetMatrixProps } from './FleetMatrix';
