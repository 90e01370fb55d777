import { z } from 'zod';

const name = z.string().trim().min(1).max(253);
const revision = z.coerce.number().int().positive();
// Query strings carry "true"/"false"; typed clients may pass booleans.
const flag = z.union([z.boolean(), z.stringbool()]).default(false);

/**
 * The entity in `/entities/:kind/:namespace/:name/...` paths.
 *
 * @public
 */
export const entityPathSchema = z.object({
  kind: name,
  namespace: name,
  name,
});

/** @public */
export const workloadKindSchema = z.enum(['Deployment', 'StatefulSet']);

/**
 * Selects one workload of an entity. `namespace` is only needed when the
 * entity has workloads of the same name in several namespaces.
 *
 * @public
 */
export const workloadQuerySchema = z.object({
  cluster: name,
  namespace: name.optional(),
  kind: workloadKindSchema.default('Deployment'),
  workload: name,
});

/** @public */
export type WorkloadQuery = z.input<typeof workloadQuerySchema>;

/** Query of `GET .../releases`. @public */
export const releasesQuerySchema = z.object({
  /** Only this cluster. */
  cluster: name.optional(),
});

/** @public */
export type ReleasesQuery = z.input<typeof releasesQuerySchema>;

/** Query of `GET .../releases/diff`. @public */
export const releaseDiffQuerySchema = workloadQuerySchema.extend({
  from: revision,
  to: revision,
});

/** @public */
export type ReleaseDiffQuery = z.input<typeof releaseDiffQuerySchema>;

/**
 * Body of `POST .../rollback`: a Deployment back to a ReplicaSet's pod
 * template, or a StatefulSet back to a ControllerRevision's.
 *
 * @public
 */
export const rollbackRequestSchema = z.object({
  cluster: name,
  namespace: name,
  kind: workloadKindSchema,
  name,
  toRevision: z.number().int().positive(),
  /** The workload's `metadata.resourceVersion` the user saw. */
  resourceVersion: z.string().trim().min(1),
  /** Why; goes to the audit log and the workload's change-cause. */
  reason: z.string().trim().min(3).max(500),
  /** Roll back even though Helm, Argo CD or Flux manages it (admins only). */
  force: z.boolean().default(false),
});

/** @public */
export type RollbackRequest = z.input<typeof rollbackRequestSchema>;

/** Path of `GET /rollbacks/:id`. @public */
export const rollbackIdSchema = z.object({ id: z.uuid() });

/**
 * Query of `GET .../logs`.
 *
 * @public
 */
export const logsQuerySchema = workloadQuerySchema.extend({
  /**
   * Only this container, which must be one of the workload's (see
   * `WorkloadReleases.containers`); default: every regular container of
   * every pod.
   */
  container: name.optional(),
  follow: flag,
  /** Lines per container to start with. */
  tailLines: z.coerce.number().int().min(0).max(5000).default(100),
  sinceSeconds: z.coerce.number().int().positive().optional(),
  /** The previous, terminated containers' logs. */
  previous: flag,
  /** Only lines containing this text (case-insensitive). */
  filter: z.string().max(200).optional(),
});

/** @public */
export type LogsQuery = z.input<typeof logsQuerySchema>;

const durationPattern = /^(\d+)([smhd])$/;
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Seconds of a duration like `15m`, `6h` or `7d`.
 *
 * @public
 */
export function parseDurationSeconds(value: string): number | undefined {
  const match = durationPattern.exec(value);
  return match ? Number(match[1]) * unitSeconds[match[2]] : undefined;
}

/**
 * Query of `GET .../metrics`.
 *
 * @public
 */
export const metricsQuerySchema = workloadQuerySchema.extend({
  /** How far back, e.g. `1h` (at most `7d`). */
  range: z
    .string()
    .default('1h')
    .transform((value, ctx) => {
      const seconds = parseDurationSeconds(value);
      if (!seconds || seconds > 7 * 86400) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be a duration like 15m, 6h or 7d, at most 7d',
        });
        return z.NEVER;
      }
      return seconds;
    }),
  /** Seconds between points (default: about 120 points). */
  step: z.coerce.number().int().min(5).max(86400).optional(),
});

/** @public */
export type MetricsQuery = z.input<typeof metricsQuerySchema>;
