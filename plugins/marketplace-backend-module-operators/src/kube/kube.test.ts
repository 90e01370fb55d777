import { ProviderError } from '@paasport/plugin-marketplace-node';
import { apiErrorMessage, toProviderError } from './errors';
import { decodeLocation, encodeLocation } from './location';
import {
  bindingResourceName,
  instanceResourceName,
  isDnsLabel,
  isLabelValue,
  selector,
} from './names';

describe('names', () => {
  it('derives short, stable, DNS-safe names from ids', () => {
    const name = instanceResourceName(
      'kafka',
      '3f2a9c1d-4e5b-4c6d-8e9f-0a1b2c3d4e5f',
    );
    expect(name).toMatch(/^kafka-[0-9a-f]{10}$/);
    expect(
      instanceResourceName('kafka', '3f2a9c1d-4e5b-4c6d-8e9f-0a1b2c3d4e5f'),
    ).toBe(name);
    const binding = bindingResourceName(name, 'b1');
    expect(binding).toMatch(/^kafka-[0-9a-f]{10}-[0-9a-f]{8}$/);
    expect(isDnsLabel(`${binding}-kafka-bootstrap`)).toBe(true);
  });

  it('checks label values and DNS labels', () => {
    expect(isLabelValue('3f2a9c1d-4e5b-4c6d-8e9f-0a1b2c3d4e5f')).toBe(true);
    expect(isLabelValue('a/b')).toBe(false);
    expect(isDnsLabel('Team')).toBe(false);
    expect(selector({ a: '1', b: '2' })).toBe('a=1,b=2');
  });
});

describe('location tokens', () => {
  it('round-trips and rejects foreign tokens', () => {
    const token = encodeLocation({ cluster: 'prod', namespace: 'payments' });
    expect(decodeLocation(token)).toEqual({
      cluster: 'prod',
      namespace: 'payments',
    });
    expect(decodeLocation('osb-operation-17')).toBeUndefined();
    expect(
      decodeLocation('{"v":2,"cluster":"a","namespace":"b"}'),
    ).toBeUndefined();
    expect(decodeLocation(undefined)).toBeUndefined();
  });
});

describe('toProviderError', () => {
  const apiError = (code: number, message: string) =>
    Object.assign(new Error('HTTP-Code: ...'), {
      code,
      body: JSON.stringify({ kind: 'Status', message }),
    });

  it.each([
    [403, false, /^Not allowed to create x: kafkas is forbidden/],
    [422, false, /^Cannot create x: spec.kafka.listeners: Required value/],
    [404, false, /is the operator installed/],
    [409, true, /^Cannot create x/],
    [500, true, /^Cannot create x/],
    [503, true, /^Cannot create x/],
  ])('maps HTTP %i (retryable: %s)', (code, retryable, message) => {
    const text =
      code === 403
        ? 'kafkas is forbidden'
        : 'spec.kafka.listeners: Required value';
    const error = toProviderError(apiError(code, text), 'create x', {
      orphanRisk: true,
    });
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.retryable).toBe(retryable);
    expect(error.orphanRisk).toBe(true);
    expect(error.message).toMatch(message);
  });

  it('treats connection errors as retryable and keeps ProviderErrors as they are', () => {
    expect(toProviderError(new Error('ECONNREFUSED'), 'list x').retryable).toBe(
      true,
    );
    const own = new ProviderError('mine', { retryable: false });
    expect(toProviderError(own, 'x')).toBe(own);
    expect(apiErrorMessage('plain')).toBe('plain');
  });
});
