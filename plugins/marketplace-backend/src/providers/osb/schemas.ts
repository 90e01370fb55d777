import { z } from 'zod';

/** What we read from `/v2/catalog`; unknown fields are ignored, per spec. */
export const catalogSchema = z.object({
  services: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      instances_retrievable: z.boolean().optional(),
      bindings_retrievable: z.boolean().optional(),
      plans: z.array(
        z.object({
          id: z.string().min(1),
          name: z.string().min(1),
          maximum_polling_duration: z.number().int().positive().optional(),
        }),
      ),
    }),
  ),
});

/** The broker's catalog as the client uses it. @public */
export type OsbCatalog = z.infer<typeof catalogSchema>;

export const asyncBodySchema = z.object({
  operation: z.string().max(10000).nullish(),
});

export const lastOperationSchema = z.object({
  state: z.enum(['in progress', 'succeeded', 'failed']),
  description: z.string().optional(),
});

export const bindingBodySchema = z.object({
  credentials: z.record(z.string(), z.union([z.string(), z.number()])),
});
