import { ConfigReader } from '@backstage/config';
import { readDiscoveryConfig } from './config';

const read = (discovery?: object) =>
  readDiscoveryConfig(new ConfigReader({ paasport: { discovery } }));

describe('readDiscoveryConfig', () => {
  it('runs every 2 minutes on one replica by default', () => {
    expect(readDiscoveryConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      schedule: {
        frequency: { minutes: 2 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 30 },
        scope: 'global',
      },
    });
  });

  it('reads the schedule and namespaces, and keeps the scope global', () => {
    expect(
      read({
        enabled: false,
        schedule: {
          frequency: { seconds: 30 },
          timeout: 'PT1M',
          scope: 'local',
        },
        namespaces: ['payments', 'storefront'],
      }),
    ).toEqual({
      enabled: false,
      schedule: {
        frequency: { seconds: 30 },
        timeout: { minutes: 1 },
        scope: 'global',
      },
      namespaces: ['payments', 'storefront'],
    });
  });

  it('rejects invalid namespaces and schedules with the key', () => {
    expect(() => read({ namespaces: ['ok', 'Not_OK'] })).toThrow(
      "Invalid paasport.discovery.namespaces: 'Not_OK' is not a namespace name",
    );
    expect(() => read({ schedule: { timeout: { minutes: 1 } } })).toThrow(
      /frequency/,
    );
  });
});
