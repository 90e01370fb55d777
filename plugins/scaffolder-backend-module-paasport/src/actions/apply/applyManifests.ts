import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ObjectLayer } from '../../kubernetes/ClusterAccess';
import { readManifests } from '../../kubernetes/manifests';
import { clusterName } from '../../services/refs';
import {
  auditedCheckpoint,
  authorizeTask,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { applyAndRecord, exists, personRefused } from '../writes';
import { examples } from './applyManifests.examples';
import {
  PlacedManifest,
  placeManifests,
  refusePlatformObjects,
} from './placeManifests';

interface ClusterPlan {
  cluster: string;
  namespace: string;
  objects: ObjectLayer;
  placed: Array<PlacedManifest & { existed: boolean }>;
}

/**
 * `paasport:kubernetes:apply`: server-side apply of the skeleton's manifests
 * into the team namespace on each chosen cluster, as the user who started
 * the task.
 *
 * @remarks
 * Written with Kubernetes impersonation of that user, so the team role
 * decides what a template may create and the audit log names the user.
 * Quotas, limit ranges, roles and role bindings are refused outright (they
 * are the platform's); every object is read as the user on every cluster
 * before the first write, so a kind the team may not touch stops the step
 * before anything is applied.
 *
 * @public
 */
export function createApplyManifestsAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:kubernetes:apply',
    description:
      "Server-side applies the workspace's Kubernetes manifests into the team namespace on each chosen cluster, as the user who started the task",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...ownerInput,
        clusters: z =>
          z.array(z.string().min(1), { description: 'Cluster names' }).min(1),
        manifestPath: z =>
          z
            .string({
              description:
                'File or directory of YAML manifests in the workspace; default k8s',
            })
            .optional(),
        force: z =>
          z
            .boolean({
              description:
                "Take over fields another field manager owns (server-side apply's force)",
            })
            .optional(),
      },
      output: {
        applied: z =>
          z.array(z.string(), { description: 'cluster: Kind namespace/name' }),
      },
    },
    async handler(ctx) {
      const clusters = ctx.input.clusters.map(clusterName);
      const { person, placement } = await authorizeTask(deps, ctx, {
        action: 'paasport:kubernetes:apply',
        clusters,
        // In a dry run the namespace step created nothing either.
        allowAbsent: ctx.isDryRun === true,
      });
      const manifests = await readManifests(
        ctx.workspacePath,
        ctx.input.manifestPath ?? 'k8s',
      );
      const { fieldManager, tenancy } = deps.config;
      refusePlatformObjects(manifests, tenancy.teamRole);

      const plans: ClusterPlan[] = [];
      for (const cluster of clusters) {
        const namespace = placement.namespaces[cluster];
        const placed = await placeManifests({
          manifests,
          namespace,
          teamLabel: placement.teamLabel,
          taskId: ctx.task.id,
          isNamespaced: type => deps.access.isNamespaced(cluster, type),
          extraLabels: { 'app.kubernetes.io/managed-by': fieldManager },
        });
        if (placement.absent.includes(cluster)) {
          for (const { object } of placed) {
            ctx.logger.info(
              `${cluster}: would apply ${object.kind} ${namespace}/${object.metadata.name} (namespace not there yet)`,
            );
          }
          continue;
        }
        const objects = deps.access.as(cluster, person);
        const plan: ClusterPlan = { cluster, namespace, objects, placed: [] };
        for (const { object, file } of placed) {
          const existed = await exists(objects, object).catch(error => {
            throw personRefused(error, {
              file,
              object,
              cluster,
              namespace,
              person,
              teamRole: tenancy.teamRole,
              afterWrites: false,
            });
          });
          plan.placed.push({ object, file, existed });
        }
        plans.push(plan);
      }
      if (ctx.isDryRun) {
        for (const { cluster, namespace, placed } of plans) {
          for (const { object, existed } of placed) {
            ctx.logger.info(
              `${cluster}: would ${existed ? 'update' : 'create'} ${
                object.kind
              } ${namespace}/${object.metadata.name} as ${
                person.userEntityRef
              }`,
            );
          }
        }
        ctx.output('applied', []);
        return;
      }

      const applied: string[] = [];
      for (const plan of plans) {
        const { cluster, namespace, objects } = plan;
        const done = await auditedCheckpoint(
          deps,
          ctx,
          {
            key: `apply-${cluster}-${namespace}`,
            eventId: 'kubernetes-apply',
            meta: {
              cluster,
              namespace,
              as: person.identity.user,
              objects: plan.placed.map(
                p => `${p.object.kind}/${p.object.metadata.name}`,
              ),
            },
          },
          async () => {
            const lines: string[] = [];
            for (const { object, file, existed } of plan.placed) {
              const label = `${cluster}: ${object.kind} ${namespace}/${object.metadata.name}`;
              const result = await applyAndRecord({
                objects,
                recording: {
                  ledger: deps.ledger,
                  taskId: ctx.task.id,
                  stepId: ctx.step?.id,
                  initiator: person.userEntityRef,
                },
                cluster,
                object,
                existed,
                actor: 'initiator',
                force: ctx.input.force,
              }).catch(error => {
                throw personRefused(error, {
                  file,
                  object,
                  cluster,
                  namespace,
                  person,
                  teamRole: tenancy.teamRole,
                  afterWrites: true,
                });
              });
              ctx.logger.info(`${result} ${label}`);
              lines.push(label);
            }
            return lines;
          },
        );
        applied.push(...done);
      }
      ctx.output('applied', applied);
    },
  });
}
