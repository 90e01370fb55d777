import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MARKETPLACE_APPROVERS_ANNOTATION } from '@paasport/plugin-marketplace-common';

/**
 * The approvers a team names on its Group entity
 * (`paasport.io/marketplace-approvers`). Requests record their team from
 * the application model, so the Group read here is the trusted one.
 */
export class TeamApprovers {
  constructor(private readonly catalog: CatalogService) {}

  /** User refs (lower case) the team named as approvers. */
  async of(teamRef: string, credentials: BackstageCredentials) {
    return approversIn(
      await this.catalog.getEntityByRef(teamRef, { credentials }),
    );
  }

  /** Approvers of many teams in one catalog call. */
  async ofTeams(
    teamRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string[]>> {
    if (teamRefs.length === 0) return new Map();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: teamRefs, fields: ['kind', 'metadata'] },
      { credentials },
    );
    return new Map(
      teamRefs.map((ref, i) => [ref, approversIn(items[i] ?? undefined)]),
    );
  }
}

function approversIn(team: Entity | undefined): string[] {
  const raw =
    team?.metadata.annotations?.[MARKETPLACE_APPROVERS_ANNOTATION] ?? '';
  return raw
    .split(',')
    .map(s => s.trim().toLowerCase())
    .filter(Boolean);
}
