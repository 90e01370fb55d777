import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf } from '../../kubernetes/ClusterObjects';
import { Manifest, readManifests } from '../../kubernetes/manifests';
import { clusterName } from '../../services/TeamDirectory';
import {
  applyAndRecord,
  auditedCheckpoint,
  authorizedPlacement,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { TEAM_LABEL } from '../namespace/ensureNamespace';
import { examples } from './applyManifests.examples';

/**
 * Puts every manifest into the team namespace and labels it; refuses
 * cluster-scoped kinds and other namespaces, which a template must not be able
 * to reach through the portal's credentials.
 */
export async function placeManifests(options: {
  manifests: Manifest[];
  namespace: string;
  teamName: string;
  taskId: string;
  isNamespaced: (apiVersion: string, kind: string) => Promise<boolean>;
  extraLabels?: Record<string, string>;
}): Promise<KubernetesObject[]> {
  const placed: KubernetesObject[] = [];
  for (const { object, file } of options.manifests) {
    const namespaced = await options.isNamespaced(
      object.apiVersion!,
      object.kind!,
    );
    const where = `${file}: ${object.kind} ${object.metadata!.name}`;
    if (!namespaced) {
      throw new InputError(
        `${where} is cluster-scoped; templates may only create objects in the team namespace`,
      );
    }
    const declared = object.metadata!.namespace;
    if (declared && declared !== options.namespace) {
      throw new InputError(
        `${where} names namespace ${declared}; it must be the team namespace ${options.namespace} (or none)`,
      );
    }
    placed.push({
      ...object,
      metadata: {
        ...object.metadata,
        namespace: options.namespace,
        labels: {
          ...object.metadata!.labels,
          ...options.extraLabels,
          [TEAM_LABEL]: options.teamName,
        },
        annotations: {
          ...object.metadata!.annotations,
          'paasport.io/scaffolder-task': options.taskId,
        },
      },
    });
  }
  return placed;
}

/**
 * `paasport:kubernetes:apply`: server-side apply of the skeleton's manifests
 * into the team namespace on each chosen cluster, with a field manager.
 *
 * @public
 */
export function createApplyManifestsAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:kubernetes:apply',
    description:
      "Server-side applies the workspace's Kubernetes manifests into the team namespace on each chosen cluster",
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
      const placement = await authorizedPlacement(deps, ctx, clusters);
      const manifests = await readManifests(
        ctx.workspacePath,
        ctx.input.manifestPath ?? 'k8s',
      );
      const { fieldManager } = deps.config;

      const applied: string[] = [];
      for (const cluster of clusters) {
        const objects = deps.objects(cluster);
        const namespace = placement.namespaces[cluster];
        const placed = await placeManifests({
          manifests,
          namespace,
          teamName: placement.teamName,
          taskId: ctx.task.id,
          isNamespaced: (v, k) => objects.isNamespaced(v, k),
          extraLabels: { 'app.kubernetes.io/managed-by': fieldManager },
        });
        if (ctx.isDryRun) {
          for (const object of placed) {
            const label = `${object.kind} ${namespace}/${
              object.metadata!.name
            }`;
            if (
              await objects.read({
                apiVersion: 'v1',
                kind: 'Namespace',
                name: namespace,
              })
            ) {
              // The API server validates and admits without persisting.
              await objects.apply(object, {
                fieldManager,
                dryRun: true,
                force: ctx.input.force,
              });
              ctx.logger.info(
                `${cluster}: ${label} passes a server-side dry run`,
              );
            } else {
              ctx.logger.info(
                `${cluster}: would apply ${label} (namespace not there yet)`,
              );
            }
          }
          continue;
        }
        const done = await auditedCheckpoint(
          deps,
          ctx,
          {
            key: `apply-${cluster}-${namespace}`,
            eventId: 'kubernetes-apply',
            meta: {
              cluster,
              namespace,
              objects: placed.map(o => `${o.kind}/${o.metadata!.name}`),
            },
          },
          async () => {
            const lines: string[] = [];
            for (const object of placed) {
              const ref = refOf(object);
              const label = `${cluster}: ${ref.kind} ${namespace}/${ref.name}`;
              const result = await applyAndRecord({
                objects,
                ledger: deps.ledger,
                cluster,
                taskId: ctx.task.id,
                stepId: ctx.step?.id,
                object,
                fieldManager,
                force: ctx.input.force,
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
