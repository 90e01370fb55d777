/* eslint-disable no-restricted-syntax */
import knexFactory from 'knex';
import { readBrokerConfig } from './config';
import { createBroker } from './createBroker';
import { MysqlEngine } from './engines/MysqlEngine';
import { RedisEngine } from './engines/RedisEngine';
import { jsonLogger } from './logger';

/**
 * Runs the broker as its own process: `yarn workspace @paasport/service-broker start`.
 * Settings come from the environment (see README.md).
 */
async function main() {
  const config = readBrokerConfig(process.env);
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
}

main().catch(error => {
  jsonLogger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
