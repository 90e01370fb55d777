import { ProviderError } from '@paasport/plugin-marketplace-node';
import { ClusterObjects } from './ClusterObjects';
import { toProviderError } from './errors';
import { LABELS, MANAGED_BY } from './names';
import { ROLE_BINDING } from './types';

/** Name of the RoleBinding through which the portal reads Secrets in a namespace. */
export const SECRET_ACCESS_BINDING = 'paasport-portal-credentials';

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Makes sure the portal can read Secrets in a namespace before it creates
 * anything whose credentials live in Secrets there.
 *
 * @remarks
 * The portal's own ClusterRole deliberately cannot read Secrets anywhere;
 * reading is granted per namespace by binding a dedicated ClusterRole
 * (`paasport-portal-credentials` on the devcluster), which the portal may
 * `bind` but not hold. So: ask the API server whether we may already (an
 * admin identity, or a platform team that granted it), and only otherwise
 * bind the role to ourselves in that one namespace. The binding is
 * namespace-level access, shared by every instance there, so deprovisioning
 * an instance leaves it; it also keeps verification after deprovisioning
 * possible, which needs to list Secrets.
 */
export class SecretAccess {
  private readonly identities = new Map<string, Promise<Subject>>();

  constructor(private readonly clusterRole: string) {}

  async ensure(objects: ClusterObjects, namespace: string): Promise<void> {
    if (await this.allowed(objects, namespace)) return;
    const subject = await this.identity(objects);
    let created: boolean;
    try {
      ({ created } = await objects.create(ROLE_BINDING, {
        metadata: {
          name: SECRET_ACCESS_BINDING,
          namespace,
          labels: { [LABELS.managedBy]: MANAGED_BY },
        },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: this.clusterRole,
        },
        subjects: [subject],
      }));
    } catch (error) {
      if (error instanceof ProviderError && !error.retryable) {
        throw new ProviderError(
          `The portal cannot read Secrets in namespace ${namespace} on ${objects.name} ` +
            `and may not grant itself ClusterRole ${this.clusterRole} there: ${error.message}`,
          { retryable: false, cause: error },
        );
      }
      throw error;
    }
    // The RBAC authorizer works from a cache: give it a moment to see the binding.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (await this.allowed(objects, namespace)) return;
      await new Promise(resolve => setTimeout(resolve, 150));
    }
    throw new ProviderError(
      created
        ? `Bound ClusterRole ${this.clusterRole} in ${namespace} on ${objects.name}, but Secrets are still not readable`
        : `RoleBinding ${namespace}/${SECRET_ACCESS_BINDING} on ${objects.name} exists but does not let the portal read Secrets`,
      { retryable: created },
    );
  }

  private async allowed(objects: ClusterObjects, namespace: string) {
    try {
      const api = await objects.cluster.api(k8s => k8s.AuthorizationV1Api);
      const options = await objects.cluster.callOptions({ timeoutMs: 15_000 });
      const verbs = await Promise.all(
        ['get', 'list'].map(verb =>
          api.createSelfSubjectAccessReview(
            {
              body: {
                spec: {
                  resourceAttributes: { namespace, verb, resource: 'secrets' },
                },
              },
            },
            options,
          ),
        ),
      );
      return verbs.every(review => review.status?.allowed === true);
    } catch (error) {
      throw toProviderError(
        error,
        `check access to Secrets on ${objects.name}`,
      );
    }
  }

  private identity(objects: ClusterObjects): Promise<Subject> {
    let identity = this.identities.get(objects.name);
    if (!identity) {
      identity = this.whoAmI(objects);
      identity.catch(() => this.identities.delete(objects.name));
      this.identities.set(objects.name, identity);
    }
    return identity;
  }

  private async whoAmI(objects: ClusterObjects): Promise<Subject> {
    try {
      const api = await objects.cluster.api(k8s => k8s.AuthenticationV1Api);
      const review = await api.createSelfSubjectReview(
        { body: {} },
        await objects.cluster.callOptions({ timeoutMs: 15_000 }),
      );
      const username = review.status?.userInfo?.username;
      if (!username) {
        throw new ProviderError(
          `${objects.name} did not say who the portal is`,
          {
            retryable: true,
          },
        );
      }
      const sa = SERVICE_ACCOUNT_USER.exec(username);
      return sa
        ? { kind: 'ServiceAccount', namespace: sa[1], name: sa[2] }
        : {
            kind: 'User',
            apiGroup: 'rbac.authorization.k8s.io',
            name: username,
          };
    } catch (error) {
      throw toProviderError(error, `ask ${objects.name} who the portal is`);
    }
  }
}

type Subject =
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'User'; apiGroup: string; name: string };
