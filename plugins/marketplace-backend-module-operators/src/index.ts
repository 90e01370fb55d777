/**
 * Operator provisioning for the Paasport middleware marketplace: Strimzi
 * Kafka, mariadb-operator and OT-Container-Kit Redis custom resources in the
 * team's namespace, written as the person who asked, with readiness
 * normalised to the marketplace lifecycle.
 *
 * @packageDocumentation
 */
export { marketplaceModuleOperators as default } from './module';
export { OperatorProvider } from './provider/OperatorProvider';
export type { PersonObjects } from './provider/PersonScopes';
export type {
  BindingScope,
  CommonOptions,
  InstanceScope,
  OperatorDriver,
  OperatorObjectRef,
} from './provider/OperatorDriver';
export { InstanceLocator } from './provider/InstanceLocator';
export { StrimziDriver } from './drivers/strimzi/StrimziDriver';
export { MariaDbDriver } from './drivers/mariadb/MariaDbDriver';
export { RedisDriver } from './drivers/redis/RedisDriver';
