import { Entity } from '@backstage/catalog-model';
import { entitySelector, partOfSelector } from './selectors';

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop-web', annotations },
    spec: {},
  };
}

describe('entitySelector', () => {
  const ref = 'component:default/shop-web';

  it('uses the label selector annotation as is, with the namespace', () => {
    expect(
      entitySelector(
        component({
          'backstage.io/kubernetes-label-selector': 'app in (web,api),tier!=db',
          'backstage.io/kubernetes-id': 'ignored',
          'backstage.io/kubernetes-namespace': 'storefront',
        }),
        ref,
      ),
    ).toEqual({
      entityRef: ref,
      labelSelector: 'app in (web,api),tier!=db',
      namespace: 'storefront',
    });
  });

  it('selects on the kubernetes-id label otherwise', () => {
    expect(
      entitySelector(
        component({ 'backstage.io/kubernetes-id': 'shop-web' }),
        ref,
      ),
    ).toEqual({
      entityRef: ref,
      labelSelector: 'backstage.io/kubernetes-id=shop-web',
    });
  });

  it('never turns blank annotations into a select-everything selector', () => {
    expect(
      entitySelector(
        component({
          'backstage.io/kubernetes-label-selector': '  ',
          'backstage.io/kubernetes-id': '',
        }),
        ref,
      ),
    ).toBeUndefined();
    expect(entitySelector(component({}), ref)).toBeUndefined();
  });
});

describe('partOfSelector', () => {
  it('selects the application label of the System', () => {
    const system: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop' },
    };
    expect(partOfSelector(system, 'system:default/shop')).toEqual({
      entityRef: 'system:default/shop',
      labelSelector: 'app.kubernetes.io/part-of=shop',
    });
  });
});
