import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { PaasportPermissionPolicy } from './PaasportPermissionPolicy';
import { catalogEntityOwnership, defaultEveryonePermissions } from './defaults';

const deleteEntity = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const readEntity = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const createTask = createPermission({
  name: 'scaffolder.task.create',
  attributes: { action: 'create' },
});
const proxy = createPermission({ name: 'kubernetes.proxy', attributes: {} });
const cancelTask = createPermission({
  name: 'scaffolder.task.cancel',
  attributes: {},
  resourceType: 'scaffolder-task',
});

function user(ref: string, claims: string[]): PolicyQueryUser {
  return {
    identity: { type: 'user', userEntityRef: ref, ownershipEntityRefs: claims },
    info: { userEntityRef: ref, ownershipEntityRefs: claims },
    credentials: {} as PolicyQueryUser['credentials'],
    token: 'token',
  } as PolicyQueryUser;
}

const alice = user('user:default/alice', [
  'user:default/alice',
  'group:default/storefront',
]);
const carol = user('user:default/carol', [
  'user:default/carol',
  'group:default/Admins',
]);

function policy() {
  return new PaasportPermissionPolicy({
    adminGroups: ['group:default/admins'],
    everyone: defaultEveryonePermissions,
    ownershipConditions: new Map([['catalog-entity', catalogEntityOwnership]]),
  });
}

describe('PaasportPermissionPolicy', () => {
  it('allows admins everything, matching the group ref case-insensitively', async () => {
    for (const permission of [deleteEntity, proxy, cancelTask]) {
      expect(await policy().handle({ permission }, carol)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('lets everyone read', async () => {
    expect(await policy().handle({ permission: readEntity }, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets everyone use the self-service permissions', async () => {
    expect(await policy().handle({ permission: createTask }, alice)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets everyone register existing components: the import page and the registration', async () => {
    const importPage = createPermission({
      name: 'catalog.entity.create',
      attributes: { action: 'create' },
    });
    const register = createPermission({
      name: 'catalog.location.create',
      attributes: { action: 'create' },
    });
    for (const permission of [importPage, register]) {
      expect(await policy().handle({ permission }, alice)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('keeps template management (the Template Editor) for admins', async () => {
    const manage = createPermission({
      name: 'scaffolder.template.management',
      attributes: {},
    });
    expect(await policy().handle({ permission: manage }, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy().handle({ permission: manage }, carol)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('turns entity mutations into an ownership condition on the user claims', async () => {
    expect(await policy().handle({ permission: deleteEntity }, alice)).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/alice', 'group:default/storefront'] },
      },
    });
  });

  it('denies non-admins what is neither read, self-service nor owned', async () => {
    expect(await policy().handle({ permission: proxy }, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
    // No ownership rule is registered for scaffolder tasks here.
    expect(await policy().handle({ permission: cancelTask }, alice)).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('denies mutations without a user', async () => {
    expect(await policy().handle({ permission: createTask })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });
});
