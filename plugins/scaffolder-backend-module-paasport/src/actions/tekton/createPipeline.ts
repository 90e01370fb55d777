import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ObjectLayer } from '../../kubernetes/ClusterAccess';
import {
  describeObject,
  ManifestObject,
  readManifests,
} from '../../kubernetes/manifests';
import { KubernetesActor } from '../../ledger/resources';
import { repositoryHostFor } from '../../repositories/repositoryHostFor';
import { clusterName } from '../../services/refs';
import { placeManifests } from '../apply/placeManifests';
import {
  auditedCheckpoint,
  authorizeTask,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { TASK_ANNOTATION } from '../namespace/namespaceObjects';
import { applyAndRecord, exists, personRefused } from '../writes';
import { examples } from './createPipeline.examples';
import { pipelineBindings } from './eventListenerAccess';
import { writeWebhook } from './pipelineWebhook';
import { checkPipelineManifests, webhookUrl } from './pipelineManifests';

export { webhookUrl } from './pipelineManifests';

interface Write {
  object: ManifestObject;
  file?: string;
  objects: ObjectLayer;
  actor: KubernetesActor;
  existed: boolean;
}

/**
 * `paasport:tekton:pipeline`: the skeleton's Tekton Pipeline and trigger
 * objects (TriggerTemplate, TriggerBinding, EventListener, ServiceAccount)
 * in the team namespace on the CI cluster, the webhook secret, and a
 * repository webhook (Gitea or GitHub; both sign deliveries as Tekton's
 * GitHub interceptor checks) that calls the EventListener.
 *
 * @remarks
 * The template's objects and the webhook Secret are written as the user who
 * started the task (impersonated); the pipeline ServiceAccount's bindings
 * (Tekton Triggers' roles, the team role) are the platform's and made with
 * the portal's identity.
 *
 * @public
 */
export function createTektonPipelineAction(deps: PaasportActionDeps) {
  return createTemplateAction({
    id: 'paasport:tekton:pipeline',
    description:
      "Creates the workspace's Tekton pipeline and trigger objects on a cluster and the repository webhook (Gitea or GitHub)",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...ownerInput,
        cluster: z =>
          z
            .string({ description: 'The cluster that runs the pipeline' })
            .min(1),
        repoUrl: z =>
          z
            .string({
              description:
                'Repository, as for publish:gitea or publish:github (host?owner=o&repo=r)',
            })
            .min(1),
        manifestPath: z =>
          z
            .string({
              description:
                'Tekton definitions in the workspace; default .tekton',
            })
            .optional(),
      },
      output: {
        eventListener: z => z.string({ description: 'EventListener name' }),
        namespace: z => z.string({ description: 'Namespace of the pipeline' }),
        webhookUrl: z => z.string({ description: 'What the webhook calls' }),
        webhookId: z =>
          z
            .number({ description: 'Webhook id (absent in dry runs)' })
            .optional(),
      },
    },
    async handler(ctx) {
      const cluster = clusterName(ctx.input.cluster);
      const { person, placement } = await authorizeTask(deps, ctx, {
        action: 'paasport:tekton:pipeline',
        clusters: [cluster],
        allowAbsent: ctx.isDryRun === true,
      });
      const repository = repositoryHostFor(
        deps.integrations,
        ctx.input.repoUrl,
      );
      const namespace = placement.namespaces[cluster];
      const { fieldManager, tenancy, tekton } = deps.config;

      const manifests = await readManifests(
        ctx.workspacePath,
        ctx.input.manifestPath ?? '.tekton',
      );
      const { eventListener, serviceAccount } = checkPipelineManifests(
        manifests,
        tenancy.teamRole,
      );
      const placed = await placeManifests({
        manifests,
        namespace,
        teamLabel: placement.teamLabel,
        taskId: ctx.task.id,
        isNamespaced: type => deps.access.isNamespaced(cluster, type),
        extraLabels: { 'app.kubernetes.io/managed-by': fieldManager },
      });
      const labels = placed.find(p => p.object.kind === 'EventListener')!.object
        .metadata.labels!;
      const bindings = pipelineBindings({
        serviceAccount,
        namespace,
        labels,
        annotations: { [TASK_ANNOTATION]: ctx.task.id },
        roles: tekton.eventListenerRoles,
        teamRole: tenancy.teamRole,
      });
      const url = webhookUrl(tekton.webhookUrl, {
        cluster,
        namespace,
        eventListener,
      });
      ctx.output('eventListener', eventListener);
      ctx.output('namespace', namespace);
      ctx.output('webhookUrl', url);

      const platform = deps.access.platform(cluster);
      const asPerson = deps.access.as(cluster, person);
      const absent = placement.absent.length > 0; // only in a dry run
      // Every object is read by the identity that will write it before the
      // first write: a kind the team may not touch stops the step here.
      const writes: Write[] = [];
      for (const { object, file } of placed) {
        const existed =
          !absent &&
          (await exists(asPerson, object).catch(error => {
            throw personRefused(error, {
              file,
              object,
              cluster,
              namespace,
              person,
              teamRole: tenancy.teamRole,
              afterWrites: false,
            });
          }));
        writes.push({
          object,
          file,
          objects: asPerson,
          actor: 'initiator',
          existed,
        });
      }
      for (const object of bindings) {
        const existed = !absent && (await exists(platform, object));
        writes.push({ object, objects: platform, actor: 'platform', existed });
      }

      if (ctx.isDryRun) {
        for (const { object, actor, existed } of writes) {
          ctx.logger.info(
            `${cluster}: would ${
              existed ? 'update' : 'create'
            } ${describeObject(object)} as ${
              actor === 'platform' ? 'the platform' : person.userEntityRef
            }${absent ? ' (namespace not there yet)' : ''}`,
          );
        }
        ctx.logger.info(
          `would add a webhook to ${repository.owner}/${repository.repo} calling ${url}`,
        );
        return;
      }

      const recording = {
        ledger: deps.ledger,
        taskId: ctx.task.id,
        stepId: ctx.step?.id,
        initiator: person.userEntityRef,
      };
      const auditMeta = {
        cluster,
        namespace,
        as: person.identity.user,
        repository: `${repository.host}/${repository.owner}/${repository.repo}`,
      };
      await auditedCheckpoint(
        deps,
        ctx,
        {
          key: `tekton-objects-${cluster}-${namespace}`,
          eventId: 'tekton-pipeline-apply',
          meta: auditMeta,
        },
        async () => {
          for (const write of writes) {
            const result = await applyAndRecord({
              ...write,
              recording,
              cluster,
            }).catch(error => {
              if (write.actor === 'platform') throw error;
              throw personRefused(error, {
                file: write.file,
                object: write.object,
                cluster,
                namespace,
                person,
                teamRole: tenancy.teamRole,
                afterWrites: true,
              });
            });
            ctx.logger.info(
              `${cluster}: ${result} ${describeObject(write.object)}`,
            );
          }
        },
      );

      // Secret and webhook in one checkpoint: the secret's value is never
      // stored in the task state, so a retry makes a new one and updates both.
      const hookId = await auditedCheckpoint(
        deps,
        ctx,
        {
          key: `tekton-webhook-${repository.owner}-${repository.repo}`,
          eventId: 'repository-webhook-create',
          meta: { ...auditMeta, url },
        },
        () =>
          writeWebhook({
            objects: asPerson,
            recording,
            cluster,
            repository,
            secret: {
              name: `${eventListener}-webhook`,
              namespace,
              labels,
              annotations: { [TASK_ANNOTATION]: ctx.task.id },
            },
            url,
            events: tekton.webhookEvents,
            log: line => ctx.logger.info(line),
          }),
      );
      ctx.output('webhookId', hookId);
    },
  });
}
