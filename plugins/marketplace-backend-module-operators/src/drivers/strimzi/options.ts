import { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { invalid } from '../../kube/errors';
import { formatIssues } from '../zodIssues';

const optionsSchema = z.object({
  cluster: z.string().min(1).optional(),
  /** Brokers (each also a KRaft controller). */
  replicas: z.number().int().min(1).max(9).default(3),
  /** Disk per broker, GiB. */
  storageGi: z.number().int().min(1).max(10_000).default(20),
  /** Kafka version; the operator's default when absent. */
  version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .optional(),
});

/** A Strimzi plan's `providerOptions`. */
export type StrimziOptions = z.infer<typeof optionsSchema>;

export function parseStrimziOptions(raw: JsonObject): StrimziOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      `Invalid providerOptions for operator:strimzi: ${formatIssues(
        parsed.error,
      )}`,
    );
  }
  return parsed.data;
}

// Kafka's own rules: legal characters, and `__` is reserved for internal topics.
const topicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/)
  .refine(name => !name.startsWith('__') && name !== '.' && name !== '..', {
    message: 'is reserved',
  });

const parametersSchema = z.object({
  partitions: z.number().int().min(1).max(1000).default(3),
  retentionHours: z.number().int().min(1).max(8760).default(168),
  topics: z
    .array(
      z.object({
        name: topicName,
        partitions: z.number().int().min(1).max(1000).optional(),
        retentionHours: z.number().int().min(1).max(8760).optional(),
      }),
    )
    .max(50)
    .optional(),
});

/** A topic to create. */
export interface TopicRequest {
  name: string;
  partitions: number;
  retentionHours: number;
}

/** Topic used when the request names none. */
export const DEFAULT_TOPIC = 'events';

/**
 * The topics a request asks for. The marketplace already validated the
 * parameters against the plan's JSON schema; this re-reads them for the
 * fields the driver relies on, so a permissive schema cannot smuggle in
 * something Kafka would reject.
 */
export function requestedTopics(parameters: JsonObject): TopicRequest[] {
  const parsed = parametersSchema.safeParse(parameters);
  if (!parsed.success) {
    throw invalid(`Invalid Kafka parameters: ${formatIssues(parsed.error)}`);
  }
  const { partitions, retentionHours, topics } = parsed.data;
  const list = (topics ?? [{ name: DEFAULT_TOPIC }]).map(t => ({
    name: t.name,
    partitions: t.partitions ?? partitions,
    retentionHours: t.retentionHours ?? retentionHours,
  }));
  const names = list.map(t => t.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) throw invalid(`Topic '${duplicate}' is requested twice`);
  return list;
}
