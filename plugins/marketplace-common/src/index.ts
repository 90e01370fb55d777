/**
 * Shared types, permissions, input schemas and API client of the Paasport
 * middleware marketplace.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
export * from './schemas';
export * from './MarketplaceClient';
