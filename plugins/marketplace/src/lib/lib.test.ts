import { applicationOf } from './applicationOf';
import { connectionKeys, isSecretKey } from './connectionKeys';
import { describeApiError } from './errors';
import { formatSize } from './format';
import { isInFlight, isLive } from './states';
import { docsSite, shopApi, shopSystem } from '../__testUtils__/fixtures';
import { responseError } from '../__testUtils__/errors';

describe('applicationOf', () => {
  it('is the System itself, or the system a Component names', () => {
    expect(applicationOf(shopSystem)).toBe('system:default/shop');
    expect(applicationOf(shopApi)).toBe('system:default/shop');
    expect(
      applicationOf({
        ...shopApi,
        metadata: { name: 'x', namespace: 'team-a' },
        spec: { system: 'billing' },
      }),
    ).toBe('system:team-a/billing');
    expect(
      applicationOf({ ...shopApi, spec: { system: 'system:other/b' } }),
    ).toBe('system:other/b');
  });

  it('is undefined for a Component without system and for other kinds', () => {
    expect(applicationOf(docsSite)).toBeUndefined();
    expect(applicationOf({ ...shopSystem, kind: 'Group' })).toBeUndefined();
  });
});

describe('describeApiError', () => {
  it("shows the backend's own sentence and the status", async () => {
    const error = await responseError(
      400,
      'InputError',
      'parameters/partitions: must be <= 48',
    );
    expect(describeApiError(error)).toEqual({
      status: 400,
      title: 'The request was refused',
      message: 'parameters/partitions: must be <= 48',
    });
    expect(
      describeApiError(await responseError(503, 'Error', 'down')).title,
    ).toBe('The marketplace backend failed');
  });

  it('passes other errors through', () => {
    expect(describeApiError(new TypeError('Failed to fetch'))).toEqual({
      title: 'Request failed',
      message: 'Failed to fetch',
    });
  });
});

describe('formatting and states', () => {
  it('formats plan sizes', () => {
    expect(formatSize(0.25)).toBe('256 MiB');
    expect(formatSize(1)).toBe('1 GiB');
    expect(formatSize(1.25)).toBe('1.25 GiB');
  });

  it('knows which states the backend still works on', () => {
    expect(isInFlight('provisioning')).toBe(true);
    expect(isInFlight('pending')).toBe(true);
    expect(isInFlight('deprovisioning')).toBe(true);
    expect(isInFlight('ready')).toBe(false);
    expect(isInFlight('awaiting_approval')).toBe(false);
    expect(isLive('deleted')).toBe(false);
    expect(isLive('failed')).toBe(true);
  });

  it('names the Secret keys per offering and which are secret', () => {
    expect(connectionKeys('kafka')).toContain('bootstrap.servers');
    expect(connectionKeys('redis')).toContain('keyPrefix');
    expect(connectionKeys('unknown')).toEqual(connectionKeys('unknown'));
    expect(isSecretKey('password')).toBe(true);
    expect(isSecretKey('sasl.jaas.config')).toBe(true);
    expect(isSecretKey('host')).toBe(false);
  });
});
