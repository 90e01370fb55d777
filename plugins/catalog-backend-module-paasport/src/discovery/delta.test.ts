import { Entity } from '@backstage/catalog-model';
import { diffEntities, hashEntities } from './delta';

const component = (name: string, owner = 'a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner, type: 'service' },
});

describe('hashEntities', () => {
  it('ignores key order and undefined values', () => {
    const [a] = hashEntities([component('x')]);
    const [b] = hashEntities([
      {
        spec: { type: 'service', owner: 'a' },
        metadata: { namespace: 'default', name: 'x', title: undefined },
        kind: 'Component',
        apiVersion: 'backstage.io/v1alpha1',
      },
    ]);
    expect(a.ref).toBe('component:default/x');
    expect(b.hash).toBe(a.hash);
    expect(hashEntities([component('x', 'b')])[0].hash).not.toBe(a.hash);
  });
});

describe('diffEntities', () => {
  it('adds new and changed entities and removes vanished ones', () => {
    const before = hashEntities([
      component('same'),
      component('changed'),
      component('gone'),
    ]);
    const after = hashEntities([
      component('same'),
      component('changed', 'b'),
      component('new'),
    ]);
    const { added, removed } = diffEntities(
      new Map(before.map(e => [e.ref, e.hash])),
      after,
    );
    expect(added.map(e => e.ref)).toEqual([
      'component:default/changed',
      'component:default/new',
    ]);
    expect(removed).toEqual(['component:default/gone']);
  });

  it('is empty when nothing changed', () => {
    const same = hashEntities([component('x')]);
    expect(diffEntities(new Map(same.map(e => [e.ref, e.hash])), same)).toEqual(
      {
        added: [],
        removed: [],
      },
    );
  });
});
