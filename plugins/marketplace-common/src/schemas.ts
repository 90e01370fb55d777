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

/**
 * A cluster name as configured in `kubernetes.clusterLocatorMethods`.
 *
 * @public
 */
export const clusterNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[^/\s=,]+$/, 'a configured cluster name');

const entityRefSchema = z.string().min(1).max(255);

/**
 * A binding: credentials for a Component of the application, delivered as a
 * Secret into the team's namespace on a cluster.
 *
 * @public
 */
export const bindingSpecSchema = z.strictObject({
  /** Also names the Secret (`<instance>-<name>`), in the team's namespace. */
  name: instanceNameSchema,
  /** The Component (entity ref) that uses the credentials; it must belong to the application. */
  component: entityRefSchema.optional(),
  /**
   * Where the Secret goes. Defaults to the instance's cluster, or to the one
   * configured cluster; required when there are several.
   */
  cluster: clusterNameSchema.optional(),
});

/** Body of `POST /requests`. @public */
export const createInstanceRequestSchema = z
  .strictObject({
    offeringId: z.string().min(1).max(64),
    planId: z.string().min(1).max(64),
    name: instanceNameSchema,
    /** The application (System entity ref) the instance belongs to. */
    system: entityRefSchema.optional(),
    /**
     * A Component the instance is for; its System becomes the owning
     * application (and must equal `system` when both are given).
     */
    component: entityRefSchema.optional(),
    /**
     * The cluster to run on (operator plans require one) and, by default,
     * to deliver credentials to.
     */
    cluster: clusterNameSchema.optional(),
    parameters: z.record(z.string(), z.unknown()).default({}),
    /**
     * Bind as soon as the instance is ready: the Secret appears without a
     * second call. `component` and `cluster` default to the request's.
     */
    binding: bindingSpecSchema.optional(),
  })
  .refine(body => body.system || body.component, {
    message: 'name the application (system) or a component of it',
    path: ['system'],
  });

/** Body of `POST /requests` after validation. @public */
export type CreateInstanceRequest = z.input<typeof createInstanceRequestSchema>;

/** Body of `POST /requests/:id/bindings`. @public */
export const createBindingSchema = bindingSpecSchema;

/** Body of `POST /requests/:id/bindings`. @public */
export type CreateBindingRequest = z.input<typeof createBindingSchema>;

/** Body of approve and reject. @public */
export const decisionSchema = z.strictObject({
  reason: z.string().max(1000).optional(),
});
