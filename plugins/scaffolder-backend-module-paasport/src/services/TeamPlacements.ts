import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ApplicationModel,
  KubernetesObject,
  Person,
  TEAM_LABEL,
  Team,
  teamNamespaceOn,
} from '@paasport/kubernetes-node';
import { ClusterAccess } from '../kubernetes/ClusterAccess';
import { assertKnownClusters } from './refs';

/**
 * The parts of the application model the actions ask.
 *
 * @public
 */
export type TenancyModel = Pick<
  ApplicationModel,
  'listTeams' | 'team' | 'namespacesOf' | 'person'
>;

/**
 * A team and the namespace it claims on each chosen cluster, before the
 * clusters were asked.
 *
 * @public
 */
export interface TeamClaim {
  team: Team;
  /** Cluster name → namespace. */
  namespaces: Record<string, string>;
}

/**
 * A team and its namespace on each chosen cluster, verified on the clusters.
 *
 * @public
 */
export interface TeamPlacement {
  /** `group:default/storefront`, lower case. */
  teamRef: string;
  /** The `paasport.io/team` label value of the team's namespaces. */
  teamLabel: string;
  /** Cluster name → namespace. */
  namespaces: Record<string, string>;
  /** Clusters where the namespace does not exist yet. */
  absent: string[];
}

/** "storefront on dev, payments-prod on prod" */
export function describeNamespaces(namespaces: Record<string, string>) {
  return Object.entries(namespaces)
    .map(([cluster, namespace]) => `${namespace} on ${cluster}`)
    .join(', ');
}

/**
 * Where a team's services go, from the application model only: the team is
 * a trusted Group, its namespaces are the ones it claims and that carry its
 * label on the clusters (or that do not exist yet, for the namespace step).
 *
 * @public
 */
export class TeamPlacements {
  constructor(
    private readonly deps: { model: TenancyModel; access: ClusterAccess },
  ) {}

  /**
   * The team and the namespaces it claims on `clusters`; an
   * {@link InputError} when the team is not one, or has no namespace on one
   * of the clusters.
   */
  async claim(teamRef: string, clusters: string[]): Promise<TeamClaim> {
    assertKnownClusters(this.deps.access.names(), clusters);
    const team = await this.deps.model.team(teamRef);
    if (!team) {
      throw new InputError(
        `${teamRef} is not a team Paasport knows: a team is a Group from an ` +
          'admin-controlled catalog location (app-config catalog.locations or an ' +
          'org provider) that names its namespace with paasport.io/namespace',
      );
    }
    const namespaces: Record<string, string> = {};
    const missing: string[] = [];
    for (const cluster of clusters) {
      const namespace = teamNamespaceOn(team.namespaces, cluster);
      if (namespace) namespaces[cluster] = namespace;
      else missing.push(cluster);
    }
    if (missing.length) {
      throw new InputError(
        `${team.ref} has no namespace for cluster${
          missing.length > 1 ? 's' : ''
        } ${missing.map(c => `'${c}'`).join(', ')}: its Group needs ` +
          'paasport.io/namespace (or paasport.io/namespaces) in the organisation catalog',
      );
    }
    return { team, namespaces };
  }

  /**
   * Refuses, naming the team and its namespaces, unless `person` belongs to
   * the team or is an admin. Membership is the model's (trusted Groups),
   * never the claims of the person's token.
   */
  assertMember(person: Person, claim: TeamClaim): void {
    if (person.admin || person.groups.has(claim.team.ref)) return;
    throw new NotAllowedError(
      `${person.userEntityRef} is not a member of ${claim.team.ref}, which owns ` +
        `namespace ${describeNamespaces(
          claim.namespaces,
        )}: only its members and portal admins may create services there`,
    );
  }

  /**
   * Checks the claimed namespaces on the clusters: each must carry the
   * team's label and be claimed by no other team. With `allowAbsent`, one
   * that does not exist yet is accepted (and listed in `absent`).
   */
  async verify(
    claim: TeamClaim,
    options: { allowAbsent: boolean },
  ): Promise<TeamPlacement> {
    const { team } = claim;
    const { model, access } = this.deps;
    const held = await model.namespacesOf(team);
    const absent: string[] = [];
    for (const [cluster, namespace] of Object.entries(claim.namespaces)) {
      if (held.namespaces[cluster] === namespace) continue;
      // The model refused it: claimed twice, not labelled for the team, or
      // its view of the labels (kept for seconds) predates a namespace the
      // namespace step has just made, or the namespace does not exist yet.
      const rivals = (await model.listTeams())
        .filter(t => t.ref !== team.ref)
        .filter(t => teamNamespaceOn(t.namespaces, cluster) === namespace)
        .map(t => t.ref);
      if (rivals.length) {
        throw new NotAllowedError(
          `namespace ${namespace} on ${cluster} is claimed by ${
            team.ref
          } and by ${rivals.join(
            ', ',
          )}: it is refused to all of them until only one claims it; nothing was changed`,
        );
      }
      const existing = await access.platform(cluster).get<KubernetesObject>({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: namespace,
      });
      if (!existing) {
        if (options.allowAbsent) {
          absent.push(cluster);
          continue;
        }
        throw new NotFoundError(
          `namespace ${namespace} of ${team.ref} does not exist on ${cluster}: ` +
            'the paasport:namespace:ensure step creates it and must run first',
        );
      }
      const label = existing.metadata.labels?.[TEAM_LABEL];
      if (label !== team.label) {
        throw new NotAllowedError(
          `namespace ${namespace} on ${cluster} ${
            label
              ? `is labelled ${TEAM_LABEL}=${label}`
              : `has no ${TEAM_LABEL} label`
          }, not ${TEAM_LABEL}=${team.label}: it is not ${
            team.ref
          }'s, so nothing was changed`,
        );
      }
    }
    return {
      teamRef: team.ref,
      teamLabel: team.label,
      namespaces: claim.namespaces,
      absent,
    };
  }
}
