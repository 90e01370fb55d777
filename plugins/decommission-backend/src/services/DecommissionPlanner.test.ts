import { DecommissionItem } from '@paasport/plugin-decommission-common';
import { fingerprint } from './DecommissionPlanner';

const item = (key: string, uid = 'u-1'): DecommissionItem => ({
  key,
  step: 'kubernetes',
  action: 'delete',
  title: key,
  target: {
    type: 'kubernetes',
    cluster: 'dev',
    apiVersion: 'v1',
    kind: 'Service',
    namespace: 'shop',
    name: key,
    uid,
  },
});

describe('fingerprint', () => {
  it('is a sha-256 hex digest, stable for the same items', () => {
    const a = fingerprint([item('a'), item('b')]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint([item('a'), item('b')])).toBe(a);
  });

  it('changes when an object is added, replaced or the order changes', () => {
    const base = fingerprint([item('a'), item('b')]);
    expect(fingerprint([item('a'), item('b'), item('c')])).not.toBe(base);
    expect(fingerprint([item('a'), item('b', 'u-2')])).not.toBe(base);
    expect(fingerprint([item('b'), item('a')])).not.toBe(base);
  });

  it('ignores wording that does not change what is done', () => {
    const reworded = {
      ...item('a'),
      title: 'Service shop/a on dev',
      note: 'x',
    };
    expect(fingerprint([reworded])).toBe(fingerprint([item('a')]));
  });
});
