import { ConfigReader } from '@backstage/config';
import { processorTuningFromConfig } from './policy';

describe('processorTuningFromConfig', () => {
  const tuning = (processor: object) =>
    processorTuningFromConfig(new ConfigReader({ marketplace: { processor } }));

  it('reads the lease in seconds, and leaves the default alone when unset', () => {
    expect(tuning({ leaseSeconds: 20 })).toEqual({ leaseMs: 20_000 });
    expect(tuning({ leaseSeconds: 3.5 })).toEqual({ leaseMs: 3_500 });
    expect(tuning({})).toEqual({});
  });

  it('refuses a lease too short to renew, naming the key', () => {
    for (const leaseSeconds of [0, -5, 2.9]) {
      expect(() => tuning({ leaseSeconds })).toThrow(
        `marketplace.processor.leaseSeconds must be a number of seconds, at least 3; got ${leaseSeconds}`,
      );
    }
    expect(() => tuning({ leaseSeconds: 'soon' })).toThrow(
      /marketplace\.processor\.leaseSeconds/,
    );
  });
});
