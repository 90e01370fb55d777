import { audited } from '@paasport/plugin-paasport-node';
import {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  TemplateActionOptions,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import type { KubernetesObject } from '@kubernetes/client-node';
import { PaasportScaffolderConfig } from '../config';
import { TaskLedger } from '../ledger/TaskLedger';
import { ClusterObjects, refOf } from '../kubernetes/ClusterObjects';
import { ServiceAuthorizer } from '../services/ServiceAuthorizer';
import {
  normalizeRef,
  TeamDirectory,
  TeamPlacement,
} from '../services/TeamDirectory';

/**
 * What the Paasport actions are built from.
 *
 * @public
 */
export interface PaasportActionDeps {
  config: PaasportScaffolderConfig;
  directory: TeamDirectory;
  catalog: CatalogService;
  ledger: TaskLedger;
  authorizer: ServiceAuthorizer;
  integrations: ScmIntegrationRegistry;
  auditor: AuditorService;
  /** One object client per cluster name, shared by all tasks. */
  objects(cluster: string): ClusterObjects;
}

/**
 * Runs a step's side effects as a checkpoint (a retried task reuses the
 * result instead of repeating them) inside an audit event that names the
 * task and who started it, besides `meta`.
 */
export function auditedCheckpoint<T extends JsonValue | void>(
  deps: Pick<PaasportActionDeps, 'auditor'>,
  ctx: Pick<
    ActionContext<JsonObject>,
    'checkpoint' | 'logger' | 'task' | 'user'
  >,
  options: { key: string; eventId: string; meta: JsonObject },
  work: () => Promise<T>,
): Promise<T> {
  return ctx.checkpoint({
    key: options.key,
    fn: () =>
      audited(
        { auditor: deps.auditor, logger: ctx.logger },
        {
          eventId: options.eventId,
          severityLevel: 'medium',
          meta: {
            taskId: ctx.task.id,
            actor: ctx.user?.ref ?? null,
            ...options.meta,
          },
        },
        work,
      ),
  });
}

// The zod that scaffolder-node hands to schema callbacks (its own zod/v3, not
// whichever zod this package would resolve).
type SchemaZod = Parameters<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>[string]
>[0];

/**
 * The `team` and `system` inputs of the actions that create something for a
 * service; the System is what the permission check is made against.
 */
export const ownerInput = {
  team: (z: SchemaZod) =>
    z.string({ description: 'Owning team (Group entity ref)' }).min(1),
  system: (z: SchemaZod) =>
    z
      .string({
        description:
          'Application (System entity ref), for the permission check',
      })
      .min(1),
};

/**
 * The team's namespaces on `clusters`, once the initiating user has been
 * allowed to create a service for that team and System; throws before
 * anything is created otherwise.
 */
export async function authorizedPlacement(
  deps: Pick<PaasportActionDeps, 'directory' | 'authorizer'>,
  ctx: {
    input: { team: string; system: string };
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  clusters: string[],
): Promise<TeamPlacement> {
  const credentials = await ctx.getInitiatorCredentials();
  const team = normalizeRef(ctx.input.team, 'Group');
  const system = normalizeRef(ctx.input.system, 'System');
  const placement = await deps.directory.placement(team, clusters, credentials);
  await deps.authorizer.assertMayCreate({ credentials, team, system });
  return placement;
}

/**
 * Server-side applies `object` and, when that created it, records it in the
 * task's ledger: undoing the task removes what it made and nothing it only
 * updated.
 */
export async function applyAndRecord(options: {
  objects: ClusterObjects;
  ledger: TaskLedger;
  cluster: string;
  taskId: string;
  stepId?: string;
  object: KubernetesObject;
  fieldManager: string;
  force?: boolean;
}): Promise<'created' | 'updated'> {
  const { objects, object, cluster } = options;
  const ref = refOf(object);
  const existed = !!(await objects.read(ref));
  await objects.apply(object, {
    fieldManager: options.fieldManager,
    force: options.force,
  });
  if (existed) return 'updated';
  await options.ledger.record(
    options.taskId,
    { type: 'kubernetes', cluster, ...ref },
    { stepId: options.stepId },
  );
  return 'created';
}
