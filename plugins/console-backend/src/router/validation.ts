import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates request input; failures become an InputError (HTTP 400) that
 * names every offending field.
 *
 * @internal
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${issues}`);
  }
  return result.data;
}
