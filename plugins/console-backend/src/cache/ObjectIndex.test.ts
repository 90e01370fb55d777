import { ObjectIndex } from './ObjectIndex';
import { KubeObject } from './types';

const object = (namespace: string, name: string, rv = '1'): KubeObject => ({
  metadata: {
    namespace,
    name,
    uid: name,
    resourceVersion: rv,
    creationTimestamp: 't',
  },
});

describe('ObjectIndex', () => {
  it('keeps the latest version per namespace and name, and counts', () => {
    const index = new ObjectIndex<KubeObject>();
    index.set(object('a', 'x'));
    index.set(object('a', 'x', '2'));
    index.set(object('b', 'y'));
    expect(index.size).toBe(2);
    expect(index.values('a').map(o => o.metadata.resourceVersion)).toEqual([
      '2',
    ]);
    expect(index.values().map(o => o.metadata.name)).toEqual(['x', 'y']);
    index.delete(object('a', 'x'));
    index.delete(object('a', 'missing'));
    expect(index.size).toBe(1);
    expect(index.values('a')).toEqual([]);
  });
});
