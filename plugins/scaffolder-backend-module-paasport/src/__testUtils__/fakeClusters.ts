import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  KubernetesKind,
  KubernetesObject,
  KubernetesObjectRef,
  Person,
  TEAM_LABEL,
} from '@paasport/kubernetes-node';
import { ClusterAccess, ObjectLayer } from '../kubernetes/ClusterAccess';

const key = (ref: { kind: string; namespace?: string; name: string }) =>
  `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'Node',
]);

/** The kinds the fake clusters say a namespace may hold. */
export const FAKE_NAMESPACED_KINDS: KubernetesKind[] = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'v1', kind: 'LimitRange' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'tekton.dev/v1', kind: 'Pipeline' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
];

/** Who a fake call is made as: the portal itself, the platform or a person. */
export type FakeActor = 'portal' | 'platform' | Person;

// What the platform's account may touch (deploy/clusters/platform-rbac.yaml).
const PLATFORM_KINDS = new Set([
  'Namespace',
  'ResourceQuota',
  'LimitRange',
  'RoleBinding',
  'ClusterRoleBinding',
]);

// Kinds a team's role may not write (only read), and may not even read.
const PERSON_READ_ONLY = new Set([
  'Namespace',
  'ResourceQuota',
  'LimitRange',
  'Role',
  'RoleBinding',
  'ClusterRole',
  'ClusterRoleBinding',
]);
const PERSON_UNTOUCHABLE = new Set(['NetworkPolicy']);

type Stored = KubernetesObject & KubernetesKind & Record<string, unknown>;

/**
 * In-memory stand-in for one cluster's objects behind the object layer, for
 * unit tests of the actions' logic, with a rough model of the devcluster's
 * RBAC: the portal itself only reads, and no Secrets; the platform touches
 * only namespaces, quotas, limits and bindings; a person acts only in
 * namespaces labelled for one of their teams and may not write quotas,
 * limits, RBAC or namespaces, nor touch NetworkPolicies. The real behaviour
 * is covered by the integration tests.
 */
export class FakeCluster {
  readonly objects = new Map<string, Stored>();
  /** `verb Kind/namespace/name as <who>`, writes only. */
  readonly calls: string[] = [];
  failOn?: (verb: string, ref: KubernetesObjectRef) => Error | undefined;
  private uids = 0;

  constructor(readonly name: string) {}

  seed(...objects: Array<KubernetesObject & Record<string, unknown>>) {
    for (const o of objects) {
      const stored = {
        ...o,
        metadata: { ...o.metadata, uid: o.metadata.uid ?? this.uid() },
      } as Stored;
      this.objects.set(key(refOf(stored)), stored);
    }
  }

  /** A namespace labelled for `team`, as the namespace step makes it. */
  seedTeamNamespace(name: string, team: string) {
    this.seed({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [TEAM_LABEL]: team } },
    });
  }

  read(ref: { kind: string; namespace?: string; name: string }) {
    return this.objects.get(key(ref));
  }

  /** The team label of every labelled namespace, as the model reads it. */
  teamLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    for (const o of this.objects.values()) {
      const label = o.metadata.labels?.[TEAM_LABEL];
      if (o.kind === 'Namespace' && label) labels.set(o.metadata.name!, label);
    }
    return labels;
  }

  /** The object layer as `who`. */
  as(who: FakeActor): ObjectLayer {
    // eslint-disable-next-line consistent-this
    const self = this;
    return {
      async get(ref: KubernetesObjectRef) {
        self.check('get', ref, who);
        return self.objects.get(key(ref)) as any;
      },
      async list(type: KubernetesKind, query: { namespace?: string } = {}) {
        self.check(
          'list',
          { ...type, namespace: query.namespace, name: '' },
          who,
        );
        return [...self.objects.values()].filter(
          o =>
            o.kind === type.kind &&
            (!query.namespace || o.metadata.namespace === query.namespace),
        ) as any;
      },
      async create(object: any) {
        const ref = refOf(object);
        self.check('create', ref, who);
        if (self.objects.has(key(ref))) {
          throw new ConflictError(`${self.name}: create ${key(ref)}: exists`);
        }
        const stored = {
          ...object,
          metadata: { ...object.metadata, uid: self.uid() },
        };
        self.objects.set(key(ref), stored);
        self.calls.push(`create ${key(ref)} as ${actorName(who)}`);
        return stored;
      },
      async apply(object: any) {
        const ref = refOf(object);
        self.check('apply', ref, who);
        const existing = self.objects.get(key(ref));
        const stored = {
          ...object,
          metadata: {
            ...object.metadata,
            uid: existing?.metadata.uid ?? self.uid(),
          },
        };
        self.objects.set(key(ref), stored);
        self.calls.push(`apply ${key(ref)} as ${actorName(who)}`);
        return stored;
      },
      async delete(ref: KubernetesObjectRef & { uid: string }) {
        self.check('delete', ref, who);
        const existing = self.objects.get(key(ref));
        if (!existing) return 'absent' as const;
        if (existing.metadata.uid !== ref.uid) {
          throw new ConflictError(
            `${self.name}: delete ${key(
              ref,
            )}: it was replaced by a newer object`,
          );
        }
        self.objects.delete(key(ref));
        if (ref.kind === 'Namespace') {
          // Kubernetes removes what the namespace held with it.
          for (const [k, o] of self.objects) {
            if (o.metadata.namespace === ref.name) self.objects.delete(k);
          }
        }
        self.calls.push(`delete ${key(ref)} as ${actorName(who)}`);
        return 'deleted' as const;
      },
    } as ObjectLayer;
  }

  private uid() {
    this.uids += 1;
    return `${this.name}-uid-${this.uids}`;
  }

  private check(verb: string, ref: KubernetesObjectRef, who: FakeActor) {
    const error = this.failOn?.(verb, ref) ?? this.rbac(verb, ref, who);
    if (error) throw error;
  }

  private rbac(verb: string, ref: KubernetesObjectRef, who: FakeActor) {
    const refused = (why: string) =>
      new NotAllowedError(
        `${this.name}: ${verb} ${ref.kind} ${ref.namespace ?? ''}/${
          ref.name
        } as ${actorName(who)}: refused by the cluster: ${why}`,
      );
    const writes = verb !== 'get' && verb !== 'list';
    if (who === 'portal') {
      if (writes) return refused('the portal itself writes nothing');
      return ref.kind === 'Secret'
        ? refused('the portal may not read Secrets')
        : undefined;
    }
    if (who === 'platform') {
      return PLATFORM_KINDS.has(ref.kind)
        ? undefined
        : refused('not one of the platform objects');
    }
    if (who.admin) return undefined;
    if (PERSON_UNTOUCHABLE.has(ref.kind))
      return refused('not in the team role');
    if (writes && PERSON_READ_ONLY.has(ref.kind)) {
      return refused('read only in the team role');
    }
    if (!ref.namespace) return refused('cluster-scoped');
    const label = this.teamLabels().get(ref.namespace);
    if (!label || !who.groups.has(`group:default/${label}`)) {
      return refused(`not a namespace of ${who.userEntityRef}'s teams`);
    }
    return undefined;
  }
}

function actorName(who: FakeActor) {
  return typeof who === 'string' ? who : who.userEntityRef;
}

function refOf(o: KubernetesObject & KubernetesKind): KubernetesObjectRef {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name!,
  };
}

/** {@link ClusterAccess} over fake clusters. */
export class FakeClusterAccess implements ClusterAccess {
  constructor(readonly fakes: Record<string, FakeCluster>) {}

  names() {
    return Object.keys(this.fakes);
  }

  portal(cluster: string) {
    return this.cluster(cluster).as('portal');
  }

  platform(cluster: string) {
    return this.cluster(cluster).as('platform');
  }

  as(cluster: string, person: Person) {
    return this.cluster(cluster).as(person);
  }

  async isNamespaced(cluster: string, type: KubernetesKind) {
    this.cluster(cluster);
    return !CLUSTER_SCOPED.has(type.kind);
  }

  async namespacedKinds(cluster: string) {
    this.cluster(cluster);
    return { kinds: FAKE_NAMESPACED_KINDS, unreadable: [] };
  }

  private cluster(name: string) {
    const found = this.fakes[name];
    if (!found) throw new InputError(`Unknown cluster '${name}'`);
    return found;
  }
}
