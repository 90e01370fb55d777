export { OsbClient } from './OsbClient';
export type { OsbClientOptions, OsbPlanIds } from './OsbClient';
export { OsbProvider } from './OsbProvider';
export { OsbRequestError } from './errors';
export type { OsbFailureKind } from './errors';
export { waitForLastOperation, mitigateOrphan } from './operations';
export type { OsbCatalog } from './schemas';
