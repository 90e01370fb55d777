import { Config } from '@backstage/config';
import { z } from 'zod';
import { DISCOVERY_LOCATION_TYPE } from '../keys';
import { TrustedOrigins, trustedOrigins } from './trust';

const KEY = 'paasport.catalog.trustedLocations';

const trustedLocation = z
  .string()
  .regex(
    /^[^\s:/]+:/,
    'must be a location ref <type>:<target>, or a prefix ending in ":" or "*"',
  )
  .refine(entry => !/^https?:/.test(entry), {
    message: 'prefix a URL with "url:"',
  })
  .refine(entry => !entry.slice(0, -1).includes('*'), {
    message: 'only a trailing "*" is supported (a prefix, not a glob)',
  })
  // Anyone may register `url` locations (and `file` ones where allowed):
  // trusting a whole such type would turn the check off.
  .refine(entry => !/^(url|file):\*?$/.test(entry), {
    message: 'would trust every location users can register',
  });

const schema = z.array(trustedLocation).optional();

/**
 * Reads the trusted catalog origins from `catalog.locations` and
 * `paasport.catalog.trustedLocations`, plus Paasport discovery's own
 * location type. Throws an error naming the key when an entry is invalid, so
 * that a typo stops the backend instead of rejecting an org's Groups.
 *
 * @public
 */
export function readTrustedOrigins(
  config: Config,
  resolveFile?: (target: string) => string,
): TrustedOrigins {
  const configLocations = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).map(location => ({
    type: location.getString('type'),
    target: location.getString('target'),
  }));
  const parsed = schema.safeParse(config.getOptional(KEY));
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map(issue => {
        const at = issue.path.length ? `[${issue.path.join('.')}]` : '';
        return `${KEY}${at}: ${issue.message}`;
      })
      .join('; ');
    throw new Error(`Invalid ${issues}`);
  }
  return trustedOrigins({
    configLocations,
    trustedLocations: parsed.data ?? [],
    providerTypes: [DISCOVERY_LOCATION_TYPE],
    resolveFile,
  });
}
