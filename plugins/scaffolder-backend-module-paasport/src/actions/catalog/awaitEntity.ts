import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { examples } from './awaitEntity.examples';

/** Longest wait a template may ask for. */
const MAX_TIMEOUT_SECONDS = 600;

/**
 * `paasport:catalog:await`: waits until the catalog serves the entity a
 * `catalog:register` step registered.
 *
 * @remarks
 * `catalog:register` only stores the location; the catalog reads the file and
 * processes the entity afterwards. Without this step the task page's "Open in
 * catalog" link can lead to "entity not found", or to the Component the
 * Kubernetes discovery made from the just-deployed workload, and the page
 * does not fetch again. With `catalogInfoUrl` the step waits for the entity
 * that came from that file, so a discovered namesake does not count.
 *
 * The catalog is asked with the initiator's credentials: the entity must be
 * visible to the user who follows the link.
 *
 * @public
 */
export function createAwaitEntityAction(deps: {
  catalog: CatalogService;
  /** Between two catalog reads. Default 1 s. */
  pollIntervalMs?: number;
}) {
  const pollIntervalMs = deps.pollIntervalMs ?? 1000;
  return createTemplateAction({
    id: 'paasport:catalog:await',
    description:
      'Waits until the catalog serves an entity that catalog:register registered, so that links to it work when the task ends',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        // Optional and unchecked here: a dry run skips catalog:register and
        // passes nothing (or "<example>") for its outputs. The handler
        // requires a valid ref when it really waits.
        entityRef: z =>
          z.string({ description: 'The entity to wait for' }).optional(),
        catalogInfoUrl: z =>
          z
            .string({
              description:
                'The registered file; only the entity read from it counts',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({ description: 'How long to wait. Default 120.' })
            .int()
            .min(1)
            .max(MAX_TIMEOUT_SECONDS)
            .default(120),
      },
      output: {
        entityRef: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      if (ctx.isDryRun) {
        ctx.logger.info('Dry run: nothing was registered, not waiting');
        if (ctx.input.entityRef) ctx.output('entityRef', ctx.input.entityRef);
        return;
      }
      const entityRef = parsedEntityRef(ctx.input.entityRef);
      ctx.output('entityRef', entityRef);
      const origin = ctx.input.catalogInfoUrl
        ? `url:${ctx.input.catalogInfoUrl}`
        : undefined;
      const credentials = await ctx.getInitiatorCredentials();
      const timeoutMs = ctx.input.timeoutSeconds * 1000;
      const started = Date.now();
      let seen: string | undefined;
      for (;;) {
        // A catalog that does not answer for a moment (a replica restarting)
        // must not fail the task, which would undo the whole service.
        const state = await deps.catalog
          .getEntityByRef(entityRef, { credentials })
          .then(
            entity => entityState(entity, origin),
            error => `the catalog did not answer (${errorText(error)})`,
          );
        if (state === 'ready') {
          ctx.logger.info(
            `${entityRef} is in the catalog after ${Date.now() - started} ms`,
          );
          return;
        }
        if (state !== seen) {
          ctx.logger.info(`${entityRef}: ${state}; waiting`);
          seen = state;
        }
        if (Date.now() - started + pollIntervalMs > timeoutMs) {
          throw new Error(
            `${entityRef} did not appear in the catalog within ` +
              `${ctx.input.timeoutSeconds} s (${seen}); ` +
              'see the catalog backend log for processing errors',
          );
        }
        await sleep(pollIntervalMs, undefined, { signal: ctx.signal }).catch(
          () => {
            throw new Error(
              `Cancelled while waiting for ${entityRef} in the catalog`,
            );
          },
        );
      }
    },
  });
}

function parsedEntityRef(value: string | undefined): string {
  if (!value) {
    throw new InputError(
      'entityRef is missing: pass ${{ steps.register.output.entityRef }} of the catalog:register step',
    );
  }
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch (error) {
    throw new InputError(
      `entityRef '${value}' is not an entity reference (e.g. component:default/shop-api): ${error}`,
    );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether `entity` is the registered one, or why not yet. */
function entityState(entity: Entity | undefined, origin: string | undefined) {
  if (!entity) return 'not in the catalog yet';
  const actual = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  if (origin && actual !== origin) {
    return `the catalog has it from ${
      actual ?? 'an unknown origin'
    }, not from ${origin} yet`;
  }
  return 'ready';
}
