import { z } from 'zod';
import { Location } from './types';

const tokenSchema = z.object({
  v: z.literal(1),
  cluster: z.string().min(1),
  namespace: z.string().min(1),
});

/**
 * The operation token handed to the marketplace: where the instance lives.
 *
 * @remarks
 * `MiddlewareProvider` calls after `provision` only carry the instance id,
 * the plan's options and this token, so the location travels in it while an
 * operation is in flight; otherwise it is looked up by label.
 */
export function encodeLocation(location: Location): string {
  return JSON.stringify({ v: 1, ...location });
}

/** The location in a token, or undefined for foreign or damaged tokens. */
export function decodeLocation(
  token: string | undefined,
): Location | undefined {
  if (!token) return undefined;
  try {
    const parsed = tokenSchema.safeParse(JSON.parse(token));
    return parsed.success
      ? { cluster: parsed.data.cluster, namespace: parsed.data.namespace }
      : undefined;
  } catch {
    return undefined;
  }
}
