export { ConnectionDetails } from './ConnectionDetails';
export type { ConnectionDetailsProps } from './ConnectionDetails';
