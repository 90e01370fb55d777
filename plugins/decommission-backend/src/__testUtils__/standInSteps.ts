import { DecommissionItem } from '@paasport/plugin-decommission-common';

/**
 * Stand-ins for the runner's steps, for tests of how runs are claimed and
 * carried out rather than of what the steps do. An item is named by its
 * target (a cluster object's name, an entity's ref); `hang` makes an item
 * never finish, as a replica that dies in the middle of it would. Runs
 * without jest (in a child process too).
 */
export function standInSteps(
  options: {
    onDone?: (name: string) => void;
    hang?: (name: string) => boolean;
  } = {},
) {
  const done: string[] = [];
  const step = (name: string): Promise<string> => {
    if (options.hang?.(name)) return new Promise<never>(() => {});
    done.push(name);
    options.onDone?.(name);
    return Promise.resolve('deleted');
  };
  const nowhere = () => Promise.reject(new Error('not in these tests'));
  return {
    /** Names of the items these steps finished, in order. */
    done,
    kubernetes: { remove: (target: { name: string }) => step(target.name) },
    middleware: { remove: nowhere },
    repositories: { archive: nowhere },
    entities: {
      unregister: nowhere,
      delete: (target: { entityRef: string }) => step(target.entityRef),
    },
    model: {
      person: async (userEntityRef: string) => ({
        userEntityRef,
        groups: new Set(['group:default/storefront']),
        admin: false,
        identity: { user: `paasport:${userEntityRef}`, groups: [] },
      }),
      assertMayAct: () => undefined,
    },
  };
}

/** Items for those steps: cluster objects, then the catalog entity. */
export function standInItems(names: string[]): DecommissionItem[] {
  return [
    ...names.map(name => ({
      key: `kubernetes:dev:v1/ConfigMap:shop/${name}`,
      step: 'kubernetes' as const,
      action: 'delete' as const,
      title: `ConfigMap shop/${name} on dev`,
      target: {
        type: 'kubernetes' as const,
        cluster: 'dev',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'shop',
        name,
        uid: `uid-${name}`,
      },
    })),
    {
      key: 'catalog:entity:component:default/shop-web',
      step: 'catalog',
      action: 'delete',
      title: 'component:default/shop-web',
      target: {
        type: 'entity',
        entityRef: 'component:default/shop-web',
        uid: 'e-1',
      },
    },
  ];
}
