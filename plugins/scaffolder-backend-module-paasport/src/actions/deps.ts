import { audited } from '@paasport/plugin-paasport-node';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ActionContext,
  TemplateActionOptions,
} from '@backstage/plugin-scaffolder-node';
import { JsonObject, JsonValue } from '@backstage/types';
import { Person } from '@paasport/kubernetes-node';
import { PaasportScaffolderConfig } from '../config';
import { ClusterAccess } from '../kubernetes/ClusterAccess';
import { TaskLedger } from '../ledger/TaskLedger';
import { ServiceAuthorizer } from '../services/ServiceAuthorizer';
import { initiatorOf, normalizeRef } from '../services/refs';
import {
  TeamPlacement,
  TeamPlacements,
  TenancyModel,
} from '../services/TeamPlacements';

/**
 * What the Paasport actions are built from.
 *
 * @public
 */
export interface PaasportActionDeps {
  config: PaasportScaffolderConfig;
  catalog: CatalogService;
  ledger: TaskLedger;
  authorizer: ServiceAuthorizer;
  integrations: ScmIntegrationRegistry;
  auditor: AuditorService;
  /** Teams, their namespaces and persons: the application model. */
  model: TenancyModel;
  placements: TeamPlacements;
  /** The clusters, as the platform or as a person. */
  access: ClusterAccess;
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

/** A task allowed to act for a team, and as whom. */
export interface AuthorizedTask {
  /** The user who started the task: its writes are made as them. */
  person: Person;
  placement: TeamPlacement;
}

/**
 * The checks every action runs before it creates anything, audited as
 * `team-namespace-access` whether they pass or not: the team is a trusted
 * team with a namespace on each cluster, the user who started the task is
 * one of its members (or an admin) by the application model, may add
 * services to the System, and the namespaces are the team's on the clusters
 * (or, with `allowAbsent`, do not exist yet).
 */
export async function authorizeTask(
  deps: Pick<
    PaasportActionDeps,
    'auditor' | 'authorizer' | 'model' | 'placements'
  >,
  ctx: {
    input: { team: string; system: string };
    task: { id: string };
    logger: LoggerService;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  options: { action: string; clusters: string[]; allowAbsent: boolean },
): Promise<AuthorizedTask> {
  const credentials = await ctx.getInitiatorCredentials();
  const initiator = initiatorOf(credentials);
  const team = normalizeRef(ctx.input.team, 'Group');
  const system = normalizeRef(ctx.input.system, 'System');
  return audited(
    { auditor: deps.auditor, logger: ctx.logger },
    {
      eventId: 'team-namespace-access',
      severityLevel: 'medium',
      meta: {
        taskId: ctx.task.id,
        action: options.action,
        actor: initiator,
        team,
        system,
        clusters: options.clusters,
      },
    },
    async meta => {
      const claim = await deps.placements.claim(team, options.clusters);
      meta.namespaces = claim.namespaces;
      const person = await deps.model.person(initiator);
      deps.placements.assertMember(person, claim);
      await deps.authorizer.assertMayCreate({ credentials, system });
      const placement = await deps.placements.verify(claim, {
        allowAbsent: options.allowAbsent,
      });
      return { person, placement };
    },
  );
}
