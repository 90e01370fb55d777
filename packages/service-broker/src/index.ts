/**
 * An Open Service Broker API v2.17 broker for shared MySQL/MariaDB and Redis.
 *
 * @packageDocumentation
 */
export * from './catalog';
export * from './config';
export * from './createBroker';
export * from './crypto';
export * from './errors';
export * from './logger';
export { MysqlEngine } from './engines/MysqlEngine';
export type { MysqlEngineOptions } from './engines/MysqlEngine';
export { RedisEngine, RESERVATIONS_KEY } from './engines/RedisEngine';
export type { RedisEngineOptions } from './engines/RedisEngine';
export type {
  BindingCredentials,
  ProvisionParameters,
  ServiceEngine,
} from './engines/types';
export { createBrokerApp } from './router/createBrokerApp';
export type { BrokerAppOptions } from './router/createBrokerApp';
export { BrokerStore } from './store/BrokerStore';
export type {
  BindingRow,
  InstanceRow,
  InstanceState,
  OperationRow,
  OperationState,
} from './store/BrokerStore';
export { naming } from './service/naming';
export { runBroker } from './runBroker';
