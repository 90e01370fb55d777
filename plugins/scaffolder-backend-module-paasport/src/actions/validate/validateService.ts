import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { KubernetesObject } from '@paasport/kubernetes-node';
import { clusterName, normalizeRef } from '../../services/refs';
import { authorizeTask, PaasportActionDeps } from '../deps';
import { repositoryHostFor } from '../../repositories/repositoryHostFor';
import { providerTitle } from '../../repositories/RepositoryHost';
import { examples } from './validateService.examples';

/** Service names become repository, Deployment, Service and DNS names. */
export const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const SERVICE_NAME_MAX = 40;

/**
 * Why `name` cannot be a service name, or undefined if it can.
 *
 * @public
 */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > SERVICE_NAME_MAX) {
    return `'${name}' must be 2 to ${SERVICE_NAME_MAX} characters long`;
  }
  if (!SERVICE_NAME.test(name)) {
    return `'${name}' must be lower-case letters, digits and '-', start with a letter and not end with '-'`;
  }
  return undefined;
}

/**
 * `paasport:service:validate`: every check that can fail before anything is
 * created, reported together; then records which names the task is about to
 * take so that undo can tell "created by this task" from "was already there".
 *
 * @public
 */
export function createValidateServiceAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:service:validate',
    description:
      'Checks the name is free (repository host, catalog, clusters), the clusters are known, the team has namespaces there and the user may create the service; creates nothing',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z => z.string({ description: 'Service name' }),
        team: z =>
          z.string({ description: 'Owning team (Group entity ref)' }).min(1),
        system: z =>
          z.string({ description: 'Application (System entity ref)' }).min(1),
        clusters: z =>
          z.array(z.string().min(1), { description: 'Cluster names' }).min(1),
        repoUrl: z =>
          z
            .string({
              description:
                'Repository, as for publish:gitea or publish:github (host?owner=o&repo=r)',
            })
            .min(1),
        defaultBranch: z =>
          z
            .string({
              description: 'Branch the publish step pushes; default main',
            })
            .optional(),
      },
      output: {
        componentRef: z => z.string(),
        teamName: z =>
          z.string({
            description:
              "The team's paasport.io/team label value (its Group's name)",
          }),
        clusters: z =>
          z.array(z.string(), {
            description: 'Cluster names, in the order chosen',
          }),
        namespaces: z =>
          z.record(z.string(), z.string(), {
            description: 'Namespace per cluster',
          }),
        namespace: z =>
          z.string({ description: 'Namespace on the first chosen cluster' }),
        repositoryUrl: z =>
          z.string({ description: 'Web URL the repository will have' }),
        catalogInfoUrl: z =>
          z.string({
            description:
              "Where catalog:register reads the new repository's catalog-info.yaml",
          }),
        repoProvider: z =>
          z.string({ description: 'gitea or github: which publish action' }),
      },
    },
    async handler(ctx) {
      const { name, repoUrl } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      const clusters = ctx.input.clusters.map(clusterName);
      const problems: string[] = [];
      const nameProblem = serviceNameProblem(name);
      if (nameProblem) problems.push(nameProblem);

      const team = normalizeRef(ctx.input.team, 'Group');
      const system = normalizeRef(ctx.input.system, 'System');
      await deps.placements.claim(team, clusters).catch(error => {
        if (!(error instanceof InputError)) throw error;
        problems.push(error.message);
      });
      if (!system.startsWith('system:')) {
        problems.push(`${system} is not a System`);
      } else if (
        !(await deps.catalog.getEntityByRef(system, { credentials }))
      ) {
        problems.push(`${system} does not exist in the catalog`);
      }
      if (problems.length) {
        throw new InputError(problems.join('; '));
      }
      // Only now: the checks need a team and a System that exist. The
      // namespaces may not exist yet (the namespace step makes them).
      const { person, placement } = await authorizeTask(deps, ctx, {
        action: 'paasport:service:validate',
        clusters,
        allowAbsent: true,
      });

      const taken: string[] = [];
      const componentRef = `component:default/${name}`;
      if (await deps.catalog.getEntityByRef(componentRef, { credentials })) {
        taken.push(`${componentRef} already exists in the catalog`);
      }
      const repository = repositoryHostFor(deps.integrations, repoUrl);
      if (repository.repo !== name) {
        throw new InputError(
          `repoUrl names repository '${repository.repo}', expected '${name}'`,
        );
      }
      if (!(await repository.ownerExists())) {
        throw new InputError(
          `${providerTitle(repository.provider)} has no organisation or user ${
            repository.owner
          } on ${repository.host}`,
        );
      }
      if (await repository.getRepository()) {
        taken.push(
          `repository ${repository.owner}/${repository.repo} already exists on ${repository.host}`,
        );
      }
      for (const cluster of clusters) {
        if (placement.absent.includes(cluster)) continue;
        const namespace = placement.namespaces[cluster];
        // A check before anything is made: the portal's own reads.
        const objects = deps.access.portal(cluster);
        for (const kind of ['Deployment', 'Service'] as const) {
          const found = await objects.get<KubernetesObject>({
            apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
            kind,
            namespace,
            name,
          });
          if (found)
            taken.push(`${cluster}: ${kind} ${namespace}/${name} exists`);
        }
      }
      if (taken.length) {
        throw new ConflictError(
          `The name '${name}' is not free: ${taken.join('; ')}`,
        );
      }

      ctx.output('componentRef', componentRef);
      ctx.output('teamName', placement.teamLabel);
      ctx.output('clusters', clusters);
      ctx.output('namespaces', placement.namespaces);
      ctx.output('namespace', placement.namespaces[clusters[0]]);
      ctx.output('repositoryUrl', repository.webUrl);
      ctx.output(
        'catalogInfoUrl',
        `${repository.contentsUrl(
          ctx.input.defaultBranch ?? 'main',
        )}catalog-info.yaml`,
      );
      ctx.output('repoProvider', repository.provider);
      ctx.logger.info(
        `'${name}' is free in ${providerTitle(
          repository.provider,
        )}, the catalog and on ${clusters.join(
          ', ',
        )}; ${team} may create it in ${system}`,
      );
      if (ctx.isDryRun) return;

      // What the standard publish and register actions will create; they do
      // not report to the ledger, so undo needs to know the names were free.
      const freeAt = new Date().toISOString();
      await ctx.checkpoint({
        key: `intents-${repository.host}-${repository.owner}-${repository.repo}`,
        fn: async () => {
          await deps.ledger.record(
            ctx.task.id,
            {
              type: `${repository.provider}-repository`,
              host: repository.host,
              owner: repository.owner,
              repo: repository.repo,
              freeAt,
            },
            {
              stepId: ctx.step?.id,
              status: 'intended',
              initiator: person.userEntityRef,
            },
          );
          await deps.ledger.record(
            ctx.task.id,
            {
              type: 'catalog-location',
              target: `${repository.webUrl}/`,
              entityRef: componentRef,
            },
            {
              stepId: ctx.step?.id,
              status: 'intended',
              initiator: person.userEntityRef,
            },
          );
        },
      });
    },
  });
}
