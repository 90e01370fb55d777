import knexFactory from 'knex';
import { Server } from 'node:http';
import { readBrokerConfig } from './config';
import { createBroker } from './createBroker';
import { MysqlEngine } from './engines/MysqlEngine';
import { RedisEngine } from './engines/RedisEngine';
import { jsonLogger } from './logger';

/**
 * Runs the broker as its own process with settings from `env` (see the
 * package README): listens, and on SIGTERM/SIGINT stops taking requests,
 * lets running operations finish and exits.
 *
 * @remarks
 * The one entry point of both ways to run it: `src/main.ts` from the sources
 * and `bin/service-broker` from a build (the container image).
 *
 * @public
 */
export async function runBroker(env: NodeJS.ProcessEnv): Promise<Server> {
  const config = readBrokerConfig(env);
  const database = knexFactory(config.database);
  const engines = {
    mysql: MysqlEngine.create(config.mysql),
    redis: RedisEngine.create(config.redis),
  };
  const broker = await createBroker({
    database,
    engines,
    encryptionKey: config.encryptionKey,
    username: config.username,
    password: config.password,
  });
  const server = broker.app.listen(config.port, config.host, () => {
    jsonLogger.info(
      `Service broker listening on http://${config.host}:${config.port}`,
    );
  });

  const shutdown = () => {
    jsonLogger.info('Shutting down: finishing running operations');
    server.close(async () => {
      await broker.runner.idle();
      await Promise.all(Object.values(engines).map(e => e.close()));
      await database.destroy();
      process.exit(0);
    });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return server;
}
