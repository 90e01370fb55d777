import express from 'express';
import { Knex } from 'knex';
import { SecretBox } from './crypto';
import { EngineKind, ServiceEngine } from './engines/types';
import { jsonLogger, Logger } from './logger';
import { createBrokerApp } from './router/createBrokerApp';
import { BindingService } from './service/BindingService';
import { InstanceService } from './service/InstanceService';
import { OperationRunner } from './service/OperationRunner';
import { BrokerStore } from './store/BrokerStore';

/** What {@link createBroker} needs. @public */
export interface BrokerOptions {
  /** Knex on PostgreSQL or SQLite for the broker's own state. */
  database: Knex;
  engines: Record<EngineKind, ServiceEngine>;
  /** 32 bytes, base64: seals stored credentials. */
  encryptionKey: string;
  username: string;
  password: string;
  logger?: Logger;
}

/** A wired broker: the HTTP app plus what tests and shutdown need. @public */
export interface Broker {
  app: express.Express;
  store: BrokerStore;
  runner: OperationRunner;
  /** Number of interrupted operations restarted on creation. */
  resumed: number;
}

/**
 * Migrates the state store, wires the services and resumes operations a
 * previous process left unfinished.
 *
 * @public
 */
export async function createBroker(options: BrokerOptions): Promise<Broker> {
  const logger = options.logger ?? jsonLogger;
  const store = await BrokerStore.create(options.database);
  const box = SecretBox.fromBase64(options.encryptionKey);
  const runner = new OperationRunner(store, options.engines, logger);
  const app = createBrokerApp({
    instances: new InstanceService(store, runner),
    bindings: new BindingService(store, options.engines, box, logger),
    username: options.username,
    password: options.password,
    logger,
  });
  const resumed = await runner.resumeUnfinished();
  if (resumed > 0) {
    logger.info(`Resumed ${resumed} interrupted operation(s)`);
  }
  return { app, store, runner, resumed };
}
