import { Config } from '@backstage/config';

/**
 * `decommission.*`, in milliseconds.
 *
 * @internal
 */
export interface DecommissionConfig {
  goneWaitMs: number;
  middlewareWaitMs: number;
  interruptedAfterMs: number;
}

/**
 * Reads `decommission.*`; throws naming the key when a value is not a
 * positive number.
 *
 * @internal
 */
export function readDecommissionConfig(config: Config): DecommissionConfig {
  const seconds = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`decommission.${key}`) ?? fallback;
    if (!(value > 0)) {
      throw new Error(
        `decommission.${key} must be a positive number of seconds`,
      );
    }
    return value * 1000;
  };
  return {
    goneWaitMs: seconds('goneWaitSeconds', 60),
    middlewareWaitMs: seconds('middlewareWaitSeconds', 60),
    interruptedAfterMs: seconds('interruptedAfterSeconds', 300),
  };
}
