import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { CatalogSystemIndex } from './CatalogSystemIndex';
import { modelProblems, referencedSystem } from './modelProblems';

/**
 * Reports violations of Paasport's model in the catalog's processing status.
 *
 * @remarks
 * A thin shell around {@link modelProblems} plus the one check that needs
 * the catalog: a Component's `spec.system` must name an existing System.
 *
 * An error emitted here makes the catalog keep the entity's last good version
 * (or not show a new entity at all), so the System check is careful not to
 * raise false alarms: when the catalog cannot be asked it says nothing, and a
 * Component that is not in the catalog yet is let through once. On a fresh
 * registration the Component and its System are processed side by side and
 * the System may not be visible yet; the check runs again on the next
 * processing round, when the Component exists.
 *
 * @public
 */
export class PaasportModelProcessor implements CatalogProcessor {
  constructor(private readonly systems: CatalogSystemIndex) {}

  getProcessorName(): string {
    return 'PaasportModelProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    for (const problem of modelProblems(entity)) {
      emit(processingResult.inputError(location, problem));
    }
    const system = referencedSystem(entity);
    if (system && (await this.systems.hasSystem(system)) === false) {
      const ref = {
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      };
      if (await this.systems.hasEntity(ref)) {
        emit(
          processingResult.inputError(
            location,
            `${stringifyEntityRef(ref)} is part of ${stringifyEntityRef(
              system,
            )}, which is not in the catalog`,
          ),
        );
      }
    }
    return entity;
  }
}
