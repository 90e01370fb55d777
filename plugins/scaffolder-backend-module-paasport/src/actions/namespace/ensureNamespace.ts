import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf } from '../../kubernetes/ClusterObjects';
import { clusterName } from '../../services/TeamDirectory';
import {
  auditedCheckpoint,
  authorizedPlacement,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { examples } from './ensureNamespace.examples';

export const TEAM_LABEL = 'paasport.io/team';
const QUOTA_NAME = 'team-quota';
const LIMITS_NAME = 'team-defaults';

/** The objects of a team namespace, in creation order. */
export function namespaceObjects(options: {
  namespace: string;
  teamName: string;
  deps: Pick<PaasportActionDeps, 'config'>;
}): KubernetesObject[] {
  const { namespace, teamName } = options;
  const { fieldManager, namespace: settings } = options.deps.config;
  const labels = {
    [TEAM_LABEL]: teamName,
    'app.kubernetes.io/managed-by': fieldManager,
  };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      // The portal's admission guardrail only lets it create namespaces that
      // carry paasport.io/team.
      metadata: { name: namespace, labels },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: QUOTA_NAME, namespace, labels },
      spec: { hard: settings.quota },
    } as KubernetesObject,
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: LIMITS_NAME, namespace, labels },
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: settings.limits.defaultRequest,
            default: settings.limits.default,
          },
        ],
      },
    } as KubernetesObject,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        name: `team-${teamName}-${settings.teamClusterRole}`,
        namespace,
        labels,
      },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: settings.teamClusterRole,
      },
      subjects: [
        {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Group',
          name: `${settings.teamSubjectPrefix}${teamName}`,
        },
      ],
    } as KubernetesObject,
  ];
}

/**
 * `paasport:namespace:ensure`: the team's namespace with quota, limits and
 * access on each chosen cluster. Creates what is missing and never changes or
 * adopts what exists; records what it created so a failed task removes it.
 *
 * @public
 */
export function createEnsureNamespaceAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:namespace:ensure',
    description:
      "Ensures the team's namespace with ResourceQuota, LimitRange and a RoleBinding for the team on each chosen cluster",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...ownerInput,
        clusters: z =>
          z.array(z.string().min(1), { description: 'Cluster names' }).min(1),
      },
      output: {
        namespaces: z =>
          z.record(z.string(), z.string(), {
            description: 'Namespace per cluster',
          }),
        created: z =>
          z.array(z.string(), { description: 'Objects this step created' }),
      },
    },
    async handler(ctx) {
      const clusters = ctx.input.clusters.map(clusterName);
      const placement = await authorizedPlacement(deps, ctx, clusters);

      const created: string[] = [];
      for (const cluster of clusters) {
        const namespace = placement.namespaces[cluster];
        const objects = deps.objects(cluster);
        const existing = await objects.read({
          apiVersion: 'v1',
          kind: 'Namespace',
          name: namespace,
        });
        const owner = existing?.metadata?.labels?.[TEAM_LABEL];
        if (existing && owner !== placement.teamName) {
          throw new Error(
            `${cluster}: namespace ${namespace} exists but belongs to ${
              owner ? `team ${owner}` : 'no team'
            } (label ${TEAM_LABEL}); nothing was changed`,
          );
        }
        const toCreate = namespaceObjects({
          namespace,
          teamName: placement.teamName,
          deps,
        });
        if (ctx.isDryRun) {
          for (const object of toCreate) {
            const present =
              object.kind === 'Namespace'
                ? !!existing
                : !!existing && !!(await objects.read(refOf(object)));
            ctx.logger.info(
              `${cluster}: would ${present ? 'keep existing' : 'create'} ${
                object.kind
              } ${object.metadata!.name}`,
            );
          }
          continue;
        }
        // One checkpoint per cluster: a retried task skips clusters that are
        // done and finishes a half-done one (create-if-absent is idempotent).
        const made = await auditedCheckpoint(
          deps,
          ctx,
          {
            key: `namespace-${cluster}-${namespace}`,
            eventId: 'namespace-ensure',
            meta: { cluster, namespace, team: placement.teamRef },
          },
          async () => {
            const done: string[] = [];
            for (const object of toCreate) {
              const result = await objects.createIfAbsent(object, {
                fieldManager: deps.config.fieldManager,
              });
              const label = `${object.kind} ${object.metadata!.name}`;
              if (result === 'created') {
                await deps.ledger.record(
                  ctx.task.id,
                  { type: 'kubernetes', cluster, ...refOf(object) },
                  { stepId: ctx.step?.id },
                );
                done.push(`${cluster}: ${label}`);
                ctx.logger.info(`${cluster}: created ${label}`);
              } else {
                ctx.logger.info(`${cluster}: kept existing ${label}`);
              }
            }
            return done;
          },
        );
        created.push(...made);
      }
      ctx.output('namespaces', placement.namespaces);
      ctx.output('created', created);
    },
  });
}
