import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { stringifyError } from '@backstage/errors';
import { readTrustedOrigins, TrustedOrigins } from '@paasport/kubernetes-node';

/**
 * The trusted catalog origins of the backend's config, following config
 * reloads as the catalog's own config locations do. An invalid reload is
 * logged and the last valid trust is kept; an invalid config at startup
 * throws, so that a typo stops the backend instead of rejecting an org.
 *
 * @public
 */
export function watchTrustedOrigins(
  config: Config,
  options: { logger: LoggerService },
): () => TrustedOrigins {
  let trusted = readTrustedOrigins(config);
  config.subscribe?.(() => {
    try {
      trusted = readTrustedOrigins(config);
    } catch (error) {
      options.logger.error(
        `Kept the previous trusted catalog locations: ${stringifyError(error)}`,
      );
    }
  });
  return () => trusted;
}
