import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Parses request input with zod; failures become a 400 naming the fields.
 *
 * @internal
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InputError(
      `Invalid ${what}: ${result.error.issues
        .map(i => `${i.path.join('.') || what}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return result.data;
}
