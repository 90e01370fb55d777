import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

function parseRef(ref: string, defaultKind: string, defaultNamespace: string) {
  try {
    return parseEntityRef(ref, { defaultKind, defaultNamespace });
  } catch {
    throw new InputError(`'${ref}' is not an entity reference`);
  }
}

function sameRef(a: CompoundEntityRef | Entity, b: CompoundEntityRef | Entity) {
  return (
    stringifyEntityRef(a).toLocaleLowerCase('en-US') ===
    stringifyEntityRef(b).toLocaleLowerCase('en-US')
  );
}

/**
 * The catalog entities a request names, read as the person asking (so they
 * must be able to see them): the application (a System) and its
 * Components. Whether they belong together comes from the catalog's
 * `partOf` relations, as everywhere in Paasport.
 */
export class ApplicationEntities {
  constructor(private readonly catalog: CatalogService) {}

  /** The System a request names, directly or through one of its Components. */
  async application(
    target: { system?: string; component?: string },
    credentials: BackstageCredentials,
  ): Promise<{ system: Entity; component?: Entity }> {
    let systemRef = target.system
      ? parseRef(target.system, 'system', 'default')
      : undefined;
    let component: Entity | undefined;
    if (target.component) {
      component = await this.component(target.component, credentials);
      const own = this.systemOf(component);
      if (systemRef && !sameRef(systemRef, own)) {
        throw new InputError(
          `${stringifyEntityRef(component)} belongs to ${stringifyEntityRef(
            own,
          )}, not ${stringifyEntityRef(systemRef)}`,
        );
      }
      systemRef = own;
    }
    if (!systemRef || systemRef.kind.toLocaleLowerCase('en-US') !== 'system') {
      throw new InputError(
        'Middleware belongs to an application: pass a System entity ref',
      );
    }
    const system = await this.catalog.getEntityByRef(systemRef, {
      credentials,
    });
    if (!system) {
      throw new InputError(
        `No application ${stringifyEntityRef(systemRef)} in the catalog`,
      );
    }
    return { system, ...(component && { component }) };
  }

  /** A Component of the application `systemRef`. */
  async componentOf(
    componentRef: string,
    systemRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const component = await this.component(componentRef, credentials);
    if (!sameRef(this.systemOf(component), parseEntityRef(systemRef))) {
      throw new InputError(
        `${stringifyEntityRef(component)} is not part of ${systemRef}`,
      );
    }
    return component;
  }

  /** An entity recorded earlier, if it still exists. */
  async find(
    ref: string | null,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    if (!ref) return undefined;
    return this.catalog.getEntityByRef(ref, { credentials });
  }

  private async component(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const parsed = parseRef(ref, 'component', 'default');
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new InputError(`'${ref}' is not a Component`);
    }
    const component = await this.catalog.getEntityByRef(parsed, {
      credentials,
    });
    if (!component) {
      throw new InputError(
        `No component ${stringifyEntityRef(parsed)} in the catalog`,
      );
    }
    return component;
  }

  /** The System a Component is part of, by its `partOf` relation. */
  private systemOf(component: Entity): CompoundEntityRef {
    const systems = (component.relations ?? [])
      .filter(r => r.type === RELATION_PART_OF)
      .map(r => parseEntityRef(r.targetRef))
      .filter(ref => ref.kind.toLocaleLowerCase('en-US') === 'system');
    if (systems.length === 0) {
      throw new InputError(
        `${stringifyEntityRef(
          component,
        )} belongs to no application (spec.system)`,
      );
    }
    return systems[0];
  }
}
