import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  MARKETPLACE_APPROVERS_ANNOTATION,
  NAMESPACE_ANNOTATION,
} from '@paasport/plugin-marketplace-common';

/** Who owns an application, and where its credentials go. */
export interface Ownership {
  system: string;
  team: string;
  namespace: string;
}

/**
 * Reads ownership from the catalog: the System's owner must be a team Group
 * carrying `paasport.io/namespace`.
 */
export class EntityResolver {
  constructor(private readonly catalog: CatalogService) {}

  async ownershipOf(
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<Ownership> {
    let ref;
    try {
      ref = parseEntityRef(systemRef, {
        defaultKind: 'system',
        defaultNamespace: 'default',
      });
    } catch {
      throw new InputError(`'${systemRef}' is not an entity reference`);
    }
    if (ref.kind.toLowerCase() !== 'system') {
      throw new InputError(
        'Middleware belongs to an application: pass a System entity ref',
      );
    }
    const system = await this.catalog.getEntityByRef(ref, { credentials });
    if (!system)
      throw new InputError(
        `No application ${stringifyEntityRef(ref)} in the catalog`,
      );
    const owner = String(system.spec?.owner ?? '');
    const team = await this.team(owner, credentials);
    const namespace = team?.metadata.annotations?.[NAMESPACE_ANNOTATION];
    if (!team || !namespace) {
      throw new InputError(
        `The owner of ${stringifyEntityRef(
          system,
        )} must be a team Group with the ${NAMESPACE_ANNOTATION} annotation`,
      );
    }
    return {
      system: stringifyEntityRef(system),
      team: stringifyEntityRef(team),
      namespace,
    };
  }

  /** Users the team named as approvers on its Group entity. */
  async approversOf(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const team = await this.team(teamRef, credentials);
    const raw =
      team?.metadata.annotations?.[MARKETPLACE_APPROVERS_ANNOTATION] ?? '';
    return raw
      .split(',')
      .map(s => s.trim().toLowerCase())
      .filter(Boolean);
  }

  private async team(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    if (!ref) return undefined;
    let parsed;
    try {
      parsed = parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
    } catch {
      return undefined;
    }
    if (parsed.kind.toLowerCase() !== 'group') return undefined;
    return this.catalog.getEntityByRef(parsed, { credentials });
  }
}
