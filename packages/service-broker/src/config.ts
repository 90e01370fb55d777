import { Knex } from 'knex';
import { z } from 'zod';

const envSchema = z.object({
  BROKER_HOST: z.string().default('127.0.0.1'),
  BROKER_PORT: z.coerce.number().int().min(0).max(65535).default(7080),
  BROKER_USERNAME: z.string().min(1),
  BROKER_PASSWORD: z.string().min(12, 'use at least 12 characters'),
  BROKER_ENCRYPTION_KEY: z
    .string()
    .refine(v => Buffer.from(v, 'base64').length === 32, {
      message:
        'must be 32 random bytes, base64 encoded (openssl rand -base64 32)',
    }),
  BROKER_DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'postgres://… or sqlite:<file>')
    .default('sqlite:broker.sqlite'),
  BROKER_MYSQL_URL: z.string().url().default('mysql://root@127.0.0.1:3306'),
  BROKER_MYSQL_PUBLIC_HOST: z.string().optional(),
  BROKER_REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  BROKER_REDIS_PUBLIC_HOST: z.string().optional(),
});

/** Settings of a broker process, read from the environment. @public */
export interface BrokerConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  encryptionKey: string;
  database: Knex.Config;
  mysql: { url: string; publicHost?: string };
  redis: { url: string; publicHost?: string };
}

/**
 * Reads the broker settings from environment variables (documented in the
 * package README); throws a readable error listing every invalid variable.
 *
 * @public
 */
export function readBrokerConfig(env: NodeJS.ProcessEnv): BrokerConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new Error(
      `Invalid broker configuration: ${result.error.issues
        .map(i => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  const e = result.data;
  const database: Knex.Config = e.BROKER_DATABASE_URL.startsWith('sqlite:')
    ? {
        client: 'better-sqlite3',
        connection: { filename: e.BROKER_DATABASE_URL.slice('sqlite:'.length) },
        useNullAsDefault: true,
      }
    : { client: 'pg', connection: e.BROKER_DATABASE_URL };
  return {
    host: e.BROKER_HOST,
    port: e.BROKER_PORT,
    username: e.BROKER_USERNAME,
    password: e.BROKER_PASSWORD,
    encryptionKey: e.BROKER_ENCRYPTION_KEY,
    database,
    mysql: { url: e.BROKER_MYSQL_URL, publicHost: e.BROKER_MYSQL_PUBLIC_HOST },
    redis: { url: e.BROKER_REDIS_URL, publicHost: e.BROKER_REDIS_PUBLIC_HOST },
  };
}
