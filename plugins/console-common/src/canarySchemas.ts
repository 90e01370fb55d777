import { z } from 'zod';
import {
  clusterNameSchema,
  kubernetesLabelNameSchema,
  kubernetesObjectNameSchema,
} from './schemas';

/**
 * Body of `POST /entities/:kind/:namespace/:name/canaries`: which Deployment
 * of the Component, on which cluster, and the release. The release (`spec`:
 * images, environment changes, steps, analysis) is validated by the backend,
 * which owns its rules and says what is wrong in the 400 answer.
 *
 * @public
 */
export const canaryRequestSchema = z.strictObject({
  cluster: clusterNameSchema,
  namespace: kubernetesLabelNameSchema,
  /** The stable Deployment. */
  name: kubernetesObjectNameSchema,
  /** Why; goes to the audit log and the history. */
  reason: z.string().trim().min(3).max(500),
  spec: z.record(z.string(), z.unknown()),
});

/** @public */
export type CanaryRequest = z.input<typeof canaryRequestSchema>;

/** Path of `GET /canaries/:id` and `POST /canaries/:id/actions`. @public */
export const canaryIdSchema = z.object({ id: z.uuid() });

/**
 * Body of `POST /canaries/:id/actions`.
 *
 * @public
 */
export const canaryActionRequestSchema = z.strictObject({
  action: z.enum(['promote', 'pause', 'resume', 'abort']),
  /** Why; kept in the history and the audit log. */
  comment: z.string().trim().max(500).optional(),
});

/** @public */
export type CanaryActionRequest = z.input<typeof canaryActionRequestSchema>;
