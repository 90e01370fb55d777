import { z } from 'zod';

// Names from requests end up in audit events, log lines, error messages and
// Kubernetes API paths, so they are checked against the rules of what they
// name before anything else sees them: a name Kubernetes could never hold
// (a newline, a slash, a space) is refused with the field named, never trimmed
// or escaped into something else. Messages never repeat the value.

/** A DNS-1123 label: what namespaces and container names must be. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: what Deployment, StatefulSet and pod names must be. */
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A namespace or container name (Kubernetes: DNS-1123 label).
 *
 * @public
 */
export const kubernetesLabelNameSchema = z
  .string()
  .max(63, 'must be at most 63 characters (a Kubernetes DNS-1123 label)')
  .regex(
    DNS_LABEL,
    "must be a Kubernetes DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
  );

/**
 * A Deployment, StatefulSet or pod name (Kubernetes: DNS-1123 subdomain).
 *
 * @public
 */
export const kubernetesObjectNameSchema = z
  .string()
  .max(253, 'must be at most 253 characters (a Kubernetes DNS-1123 subdomain)')
  .regex(
    DNS_SUBDOMAIN,
    "must be a Kubernetes DNS-1123 subdomain: lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit",
  );

/**
 * A cluster name as `kubernetes.clusterLocatorMethods` may give it (no `/`,
 * no whitespace), also without control or invisible format characters.
 * Whether such a cluster is configured is the backend's question (404).
 *
 * @public
 */
export const clusterNameSchema = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(
    /^[^/\s\p{C}]+$/u,
    'must be a configured cluster name: no "/", whitespace or control characters',
  );

// Backstage's own rules (catalog-model's KubernetesValidatorFunctions and
// the kind rule); case-insensitive, as the catalog compares refs.
const entityKind = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'must be a catalog entity kind');
const entityNamespace = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(/^[a-z0-9]+(-+[a-z0-9]+)*$/i, 'must be a catalog entity namespace');
const entityName = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(
    /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/,
    'must be a catalog entity name',
  );

const revision = z.coerce.number().int().positive();
// Query strings carry "true"/"false"; typed clients may pass booleans.
const flag = z.union([z.boolean(), z.stringbool()]).default(false);

/**
 * The entity in `/entities/:kind/:namespace/:name/...` paths.
 *
 * @public
 */
export const entityPathSchema = z.object({
  kind: entityKind,
  namespace: entityNamespace,
  name: entityName,
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
  cluster: clusterNameSchema,
  namespace: kubernetesLabelNameSchema.optional(),
  kind: workloadKindSchema.default('Deployment'),
  workload: kubernetesObjectNameSchema,
});

/** @public */
export type WorkloadQuery = z.input<typeof workloadQuerySchema>;

/** Query of `GET .../releases`. @public */
export const releasesQuerySchema = z.object({
  /** Only this cluster. */
  cluster: clusterNameSchema.optional(),
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
  cluster: clusterNameSchema,
  namespace: kubernetesLabelNameSchema,
  kind: workloadKindSchema,
  name: kubernetesObjectNameSchema,
  toRevision: z.number().int().positive(),
  /**
   * The workload's `metadata.resourceVersion` the user saw: opaque, but
   * always printable ASCII without spaces.
   */
  resourceVersion: z
    .string()
    .max(128, 'must be at most 128 characters')
    .regex(/^[!-~]+$/, 'must be a Kubernetes resourceVersion'),
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
  container: kubernetesLabelNameSchema.optional(),
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

/**
 * Query of `GET .../comparison`: `revision` (default the current one)
 * against `against` (default the revision before it).
 *
 * @public
 */
export const revisionComparisonQuerySchema = workloadQuerySchema
  .extend({
    revision: revision.optional(),
    against: revision.optional(),
  })
  .refine(q => q.revision === undefined || q.revision !== q.against, {
    path: ['against'],
    message: 'must be another revision than revision',
  });

/** @public */
export type RevisionComparisonQuery = z.input<
  typeof revisionComparisonQuerySchema
>;
