import { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { invalid } from '../../kube/errors';
import { formatIssues } from '../zodIssues';

const optionsSchema = z
  .object({
    cluster: z.string().min(1).optional(),
    /**
     * `standalone` (Redis), `replication` (RedisReplication: a master and
     * replicas) or `cluster` (RedisCluster: sharded, leaders and followers).
     */
    mode: z
      .enum(['standalone', 'replication', 'cluster'])
      .default('standalone'),
    /** Servers of a replication, or leaders (= followers) of a cluster. */
    size: z.number().int().min(1).max(15).optional(),
    /** Disk per server, GiB. */
    storageGi: z.number().int().min(1).max(1_000).default(1),
    image: z.string().min(1).default('quay.io/opstree/redis:v7.0.15'),
  })
  .transform(options => ({
    ...options,
    // The operator needs at least three leaders for a cluster.
    size: options.size ?? (options.mode === 'standalone' ? 1 : 3),
  }))
  .refine(o => o.mode !== 'cluster' || o.size >= 3, {
    message: 'a Redis cluster needs a size of at least 3',
    path: ['size'],
  })
  .refine(o => o.mode !== 'standalone' || o.size === 1, {
    message: 'standalone Redis has exactly one server',
    path: ['size'],
  });

/** An OT-Container-Kit Redis plan's `providerOptions`. */
export type RedisOptions = z.infer<typeof optionsSchema>;

export function parseRedisOptions(raw: JsonObject): RedisOptions {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(
      `Invalid providerOptions for operator:opstree-redis: ${formatIssues(
        parsed.error,
      )}`,
    );
  }
  return parsed.data;
}
