import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { describeObject, ManifestObject } from '../../kubernetes/manifests';
import { clusterName } from '../../services/refs';
import {
  auditedCheckpoint,
  authorizeTask,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { createAndRecord, exists } from '../writes';
import { examples } from './ensureNamespace.examples';
import { namespaceObjects } from './namespaceObjects';

/**
 * `paasport:namespace:ensure`: the team's namespace with quota, limits and
 * the team's access on each chosen cluster. Creates what is missing and
 * never changes or adopts what exists; records what it created so a failed
 * task removes it.
 *
 * @remarks
 * These are the platform's own objects, so they are made with the portal's
 * identity (the team's role may not write quotas or bindings), and only
 * after the application model said the user belongs to the team and the
 * namespace is the team's or does not exist yet.
 *
 * @public
 */
export function createEnsureNamespaceAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:namespace:ensure',
    description:
      "Ensures the team's namespace with ResourceQuota, LimitRange and the team's RoleBinding on each chosen cluster",
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
      const { person, placement } = await authorizeTask(deps, ctx, {
        action: 'paasport:namespace:ensure',
        clusters,
        allowAbsent: true,
      });

      const created: string[] = [];
      for (const cluster of clusters) {
        const namespace = placement.namespaces[cluster];
        const objects = deps.access.platform(cluster);
        const wanted = namespaceObjects({
          namespace,
          teamRef: placement.teamRef,
          teamLabel: placement.teamLabel,
          taskId: ctx.task.id,
          config: deps.config,
        });
        const absent = placement.absent.includes(cluster);
        const missing: ManifestObject[] = [];
        for (const object of wanted) {
          if (absent || !(await exists(objects, object))) missing.push(object);
          else
            ctx.logger.info(
              `${cluster}: kept existing ${describeObject(object)}`,
            );
        }
        if (ctx.isDryRun) {
          for (const object of missing) {
            ctx.logger.info(
              `${cluster}: would create ${describeObject(object)}`,
            );
          }
          continue;
        }
        // One checkpoint per cluster: a retried task skips clusters that are
        // done and finishes a half-done one (it looks again at what exists).
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
            for (const object of missing) {
              // Created, never applied: one made meanwhile by someone else
              // is kept as it is and not recorded.
              const result = await createAndRecord({
                objects,
                recording: {
                  ledger: deps.ledger,
                  taskId: ctx.task.id,
                  stepId: ctx.step?.id,
                  initiator: person.userEntityRef,
                },
                cluster,
                object,
                actor: 'platform',
                withNamespace: object.kind !== 'Namespace',
              });
              const label = `${cluster}: ${describeObject(object)}`;
              if (result === 'created') {
                done.push(label);
                ctx.logger.info(`created ${label}`);
              } else {
                ctx.logger.info(`kept existing ${label}`);
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
