import { z } from 'zod';

// RFC 3986 unreserved characters, as the spec recommends for ids in URLs.
const id = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._~-]+$/, 'must use unreserved URL characters only');
const jsonObject = z.record(z.string(), z.unknown());

export const instanceParams = z.object({ instance_id: id });
export const bindingParams = z.object({ instance_id: id, binding_id: id });

const acceptsIncomplete = z
  .enum(['true', 'false'])
  .optional()
  .transform(v => v === 'true');

export const asyncQuery = z.object({ accepts_incomplete: acceptsIncomplete });

export const deleteQuery = z.object({
  service_id: z.string().min(1),
  plan_id: z.string().min(1),
  accepts_incomplete: acceptsIncomplete,
});

export const lastOperationQuery = z.object({
  service_id: z.string().min(1).optional(),
  plan_id: z.string().min(1).optional(),
  operation: z.string().min(1).max(10000).optional(),
});

export const provisionBody = z.object({
  service_id: z.string().min(1),
  plan_id: z.string().min(1),
  context: jsonObject.optional(),
  organization_guid: z.string().min(1).optional(),
  space_guid: z.string().min(1).optional(),
  parameters: jsonObject.optional(),
  maintenance_info: z.object({ version: z.string().optional() }).optional(),
});

export const bindBody = z.object({
  service_id: z.string().min(1),
  plan_id: z.string().min(1),
  context: jsonObject.optional(),
  app_guid: z.string().min(1).optional(),
  bind_resource: jsonObject.optional(),
  parameters: jsonObject.optional(),
});
