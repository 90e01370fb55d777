import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseTeamNamespaces, TeamNamespaces } from '../teamNamespaces';
import { teamLabelValue } from './keys';
import { RefreshingValue } from './RefreshingValue';
import { isTrustedEntity, TrustedOrigins } from './trust/trust';

/**
 * A tenant: a Group from an admin-controlled location that names its
 * namespaces.
 *
 * @public
 */
export interface Team {
  /** `group:default/storefront` */
  ref: string;
  /** The value of `paasport.io/team` on its namespaces. */
  label: string;
  namespaces: TeamNamespaces;
}

interface Snapshot {
  teams: Map<string, Team>;
  /** Trusted Group ref → the User refs its `spec.members` names. */
  members: Map<string, Set<string>>;
}

const FRESH_MS = 10_000;
const MAX_STALE_MS = 60_000;

/**
 * The trusted half of the tenancy model, read from the catalog as the
 * plugin itself: teams, their namespaces and their members, only from
 * Groups and Users whose origin is admin-controlled.
 *
 * @remarks
 * Membership comes from the trusted Groups' `spec.members` and the trusted
 * User's own `spec.memberOf`, not from the catalog's `memberOf` relations,
 * which any entity naming the Group could add to. Re-read after ten seconds
 * (in the background while a request is served the previous answer, never
 * older than a minute), so a removed member loses access within that time.
 *
 * @public
 */
export class TeamDirectory {
  private readonly snapshot = new RefreshingValue(() => this.readSnapshot(), {
    freshMs: FRESH_MS,
    maxStaleMs: MAX_STALE_MS,
  });
  private readonly users = new Map<string, RefreshingValue<Set<string>>>();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      trust: TrustedOrigins;
    },
  ) {}

  /** The team a Group ref names, if it is one. */
  async team(groupRef: string): Promise<Team | undefined> {
    return (await this.read()).teams.get(groupRef.toLocaleLowerCase('en-US'));
  }

  /** Every team. */
  async teams(): Promise<Team[]> {
    return [...(await this.read()).teams.values()];
  }

  /**
   * The trusted Groups a user belongs to (teams and role groups such as
   * admins), as lower-case refs.
   */
  async groupsOf(userEntityRef: string): Promise<Set<string>> {
    const user = userEntityRef.toLocaleLowerCase('en-US');
    let groups = this.users.get(user);
    if (!groups) {
      groups = new RefreshingValue(() => this.readGroupsOf(user), {
        freshMs: FRESH_MS,
        maxStaleMs: MAX_STALE_MS,
      });
      this.users.set(user, groups);
    }
    return groups.get();
  }

  private async readGroupsOf(user: string): Promise<Set<string>> {
    const { members } = await this.read();
    const groups = new Set<string>();
    for (const [group, refs] of members) {
      if (refs.has(user)) groups.add(group);
    }
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const entity = await this.options.catalog.getEntityByRef(user, {
      credentials,
    });
    if (entity && isTrustedEntity(entity, this.options.trust)) {
      for (const ref of refsIn(entity.spec?.memberOf, entity, 'group')) {
        // Only Groups that are themselves trusted count.
        if (members.has(ref)) groups.add(ref);
      }
    }
    return groups;
  }

  private read(): Promise<Snapshot> {
    return this.snapshot.get();
  }

  private async readSnapshot(): Promise<Snapshot> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const { items } = await this.options.catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: ['kind', 'metadata', 'spec.members'],
      },
      { credentials },
    );
    const teams = new Map<string, Team>();
    const members = new Map<string, Set<string>>();
    for (const group of items) {
      if (!isTrustedEntity(group, this.options.trust)) continue;
      const ref = stringifyEntityRef(group).toLocaleLowerCase('en-US');
      members.set(ref, new Set(refsIn(group.spec?.members, group, 'user')));
      const { namespaces, problems } = parseTeamNamespaces(
        group.metadata.annotations,
      );
      const names = namespaces.default ?? Object.keys(namespaces.byCluster)[0];
      if (names !== undefined && problems.length === 0) {
        teams.set(ref, {
          ref,
          label: teamLabelValue(parseEntityRef(ref)),
          namespaces,
        });
      }
    }
    return { teams, members };
  }
}

function refsIn(value: unknown, entity: Entity, defaultKind: string): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap(item => {
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(String(item), {
            defaultKind,
            defaultNamespace: entity.metadata.namespace ?? 'default',
          }),
        ).toLocaleLowerCase('en-US'),
      ];
    } catch {
      return [];
    }
  });
}
