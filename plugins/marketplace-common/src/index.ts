/**
 * Shared types, permissions, input schemas, state labels and API client of the Paasport
 * middleware marketplace.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './schemas';
export * from './states';
export * from './MarketplaceClient';
