import { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { invalid } from '../../kube/errors';
import { formatIssues } from '../zodIssues';

const optionsSchema = z.object({
  cluster: z.string().min(1).optional(),
  /** 1 = a single server; more = asynchronous replication with a primary Service. */
  replicas: z.number().int().min(1).max(9).default(1),
  /** Disk per server, GiB. */
  storageGi: z.number().int().min(1).max(10_000).default(10),
  /** Server image; the operator's default when absent. */
  image: z.string().min(1).optional(),
  /** Connections each binding's user may hold. */
  maxUserConnections: z.number().int().min(1).max(10_000).default(20),
});

/** A mariadb-operator plan's `providerOptions`. */
export type MariaDbOptions = z.infer<typeof optionsSchema>;

export function parseMariaDbOptions(raw: JsonObject): MariaDbOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      `Invalid providerOptions for operator:mariadb: ${formatIssues(
        parsed.error,
      )}`,
    );
  }
  return parsed.data;
}

const COLLATIONS = {
  utf8mb4: 'utf8mb4_unicode_ci',
  latin1: 'latin1_swedish_ci',
} as const;

const parametersSchema = z.object({
  charset: z.enum(['utf8mb4', 'latin1']).default('utf8mb4'),
});

/** Character set and collation of the application's database. */
export function databaseCharset(parameters: JsonObject) {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success) {
    throw invalid(`Invalid MySQL parameters: ${formatIssues(parsed.error)}`);
  }
  return {
    characterSet: parsed.data.charset,
    collate: COLLATIONS[parsed.data.charset],
  };
}
