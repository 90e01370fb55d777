/**
 * The Paasport middleware marketplace back end: offerings, requests with
 * approval and quotas, bindings, and an Open Service Broker client.
 *
 * @packageDocumentation
 */
export { marketplacePlugin as default } from './plugin';
export * from './providers/osb';
