import { z } from 'zod';
import type { EngineKind } from '../catalog';
import type { ProvisionParameters } from '../engines/types';

/**
 * Provision parameters each engine accepts. Strict objects: a misspelt
 * parameter is an error the user should see, not a silent default.
 */
export const parameterSchemas: Record<
  EngineKind,
  z.ZodType<ProvisionParameters>
> = {
  mysql: z.strictObject({
    charset: z.enum(['utf8mb4', 'latin1']).optional(),
  }),
  redis: z.strictObject({}),
};
