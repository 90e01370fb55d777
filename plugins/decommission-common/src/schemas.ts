import { z } from 'zod';

const name = z.string().trim().min(1).max(253);

/**
 * The entity in `/entities/:kind/:namespace/:name/...` paths. Only
 * Components and Systems can be decommissioned.
 *
 * @public
 */
export const decommissionEntityPathSchema = z.object({
  kind: z
    .string()
    .transform(kind => kind.toLowerCase())
    .pipe(z.enum(['component', 'system'])),
  namespace: name,
  name,
});

/**
 * Body of `POST .../decommission`.
 *
 * @public
 */
export const startDecommissionSchema = z.object({
  /** The entity's name, typed by the user. */
  confirmation: z.string().max(253),
  /** `fingerprint` of the preview the user saw. */
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
});

/** @public */
export type StartDecommissionRequest = z.input<typeof startDecommissionSchema>;

/**
 * `:id` of `/runs/:id`.
 *
 * @public
 */
export const runIdSchema = z.object({ id: z.uuid() });
