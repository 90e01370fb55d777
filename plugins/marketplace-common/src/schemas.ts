import { z } from 'zod';

/**
 * Instance names become parts of Kubernetes object names: a DNS-1123 label,
 * kept short enough for prefixes and suffixes.
 *
 * @public
 */
export const instanceNameSchema = z
  .string()
  .min(3)
  .max(40)
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    'lowercase letters, digits and dashes, starting with a letter',
  );

/** Body of `POST /requests`. @public */
export const createInstanceRequestSchema = z.strictObject({
  offeringId: z.string().min(1).max(64),
  planId: z.string().min(1).max(64),
  name: instanceNameSchema,
  /** The application (System entity ref) the instance belongs to. */
  system: z.string().min(1).max(255),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** Body of `POST /requests` after validation. @public */
export type CreateInstanceRequest = z.input<typeof createInstanceRequestSchema>;

/** Body of `POST /requests/:id/bindings`. @public */
export const createBindingSchema = z.strictObject({
  /** Also names the Secret, in the owning team's namespace. */
  name: instanceNameSchema,
});

/** Body of `POST /requests/:id/bindings`. @public */
export type CreateBindingRequest = z.input<typeof createBindingSchema>;

/** Body of approve and reject. @public */
export const decisionSchema = z.strictObject({
  reason: z.string().max(1000).optional(),
});
