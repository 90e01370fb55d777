/**
 * Extension points and the provider interface of the Paasport middleware
 * marketplace, for packages that add back ends or credential delivery.
 *
 * @packageDocumentation
 */

export * from './provider';
export * from './delivery';
export * from './credentials';
export * from './extensions';
