import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import crypto from 'node:crypto';
import { refOf } from '../../kubernetes/ClusterObjects';
import { readManifests } from '../../kubernetes/manifests';
import { clusterName } from '../../services/TeamDirectory';
import { placeManifests } from '../apply/applyManifests';
import {
  applyAndRecord,
  auditedCheckpoint,
  authorizedPlacement,
  ownerInput,
  PaasportActionDeps,
} from '../deps';
import { repositoryHostFor } from '../../repositories/repositoryHostFor';
import { examples } from './createPipeline.examples';
import {
  eventListenerBindings,
  eventListenerServiceAccount,
} from './eventListenerAccess';

// What a pipeline definition may contain: Tekton's own kinds, the
// ServiceAccount the pipeline runs as and its RoleBindings (the API server
// only lets the portal bind roles it may bind). Anything else belongs in the
// application's manifests (paasport:kubernetes:apply).
function isPipelineKind(object: KubernetesObject): boolean {
  const group = object.apiVersion!.includes('/')
    ? object.apiVersion!.split('/')[0]
    : '';
  return (
    group === 'tekton.dev' ||
    group === 'triggers.tekton.dev' ||
    (object.apiVersion === 'v1' && object.kind === 'ServiceAccount') ||
    (group === 'rbac.authorization.k8s.io' && object.kind === 'RoleBinding')
  );
}

const objectPath = (object: KubernetesObject) =>
  object.metadata!.namespace
    ? `${object.metadata!.namespace}/${object.metadata!.name}`
    : object.metadata!.name!;

/** The webhook target for an EventListener, from the configured pattern. */
export function webhookUrl(
  pattern: string,
  values: { cluster: string; namespace: string; eventListener: string },
): string {
  return pattern
    .replaceAll('{cluster}', values.cluster)
    .replaceAll('{namespace}', values.namespace)
    .replaceAll('{eventListener}', values.eventListener);
}

/**
 * `paasport:tekton:pipeline`: the skeleton's Tekton Pipeline and trigger
 * objects (TriggerTemplate, TriggerBinding, EventListener) in the team
 * namespace on the CI cluster, the webhook secret, and a repository webhook
 * (Gitea or GitHub; both sign deliveries as Tekton's GitHub interceptor
 * checks) that calls the EventListener.
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
      const placement = await authorizedPlacement(deps, ctx, [cluster]);
      const repository = repositoryHostFor(
        deps.integrations,
        ctx.input.repoUrl,
      );
      const namespace = placement.namespaces[cluster];
      const objects = deps.objects(cluster);
      const { fieldManager } = deps.config;

      const manifests = await readManifests(
        ctx.workspacePath,
        ctx.input.manifestPath ?? '.tekton',
      );
      const foreign = manifests.filter(m => !isPipelineKind(m.object));
      if (foreign.length) {
        throw new InputError(
          `${foreign[0].file}: ${foreign[0].object.kind} is not a pipeline object (Tekton kinds, ServiceAccount and RoleBinding only)`,
        );
      }
      const listeners = manifests.filter(
        m => m.object.kind === 'EventListener',
      );
      if (listeners.length !== 1) {
        throw new InputError(
          `The pipeline definitions need exactly one EventListener (found ${listeners.length})`,
        );
      }
      const eventListener = listeners[0].object.metadata!.name!;
      const serviceAccount = eventListenerServiceAccount(
        listeners[0].object,
        manifests.map(m => m.object),
        listeners[0].file,
      );
      const placed = await placeManifests({
        manifests,
        namespace,
        teamName: placement.teamName,
        taskId: ctx.task.id,
        isNamespaced: (v, k) => objects.isNamespaced(v, k),
        extraLabels: { 'app.kubernetes.io/managed-by': fieldManager },
      });
      // Tekton Triggers' roles for the listener's account: the platform's to
      // grant (the portal may bind exactly these ClusterRoles), so not in the
      // template where a repository edit could change them.
      placed.push(
        ...eventListenerBindings({
          serviceAccount,
          namespace,
          labels: placed.find(o => o.kind === 'EventListener')!.metadata!
            .labels!,
          annotations: { 'paasport.io/scaffolder-task': ctx.task.id },
          roles: deps.config.tekton.eventListenerRoles,
        }),
      );
      const url = webhookUrl(deps.config.tekton.webhookUrl, {
        cluster,
        namespace,
        eventListener,
      });
      ctx.output('eventListener', eventListener);
      ctx.output('namespace', namespace);
      ctx.output('webhookUrl', url);

      if (ctx.isDryRun) {
        for (const object of placed) {
          ctx.logger.info(
            `${cluster}: would apply ${object.kind} ${objectPath(object)}`,
          );
        }
        ctx.logger.info(
          `would add a webhook to ${repository.owner}/${repository.repo} calling ${url}`,
        );
        return;
      }

      const auditMeta = {
        cluster,
        namespace,
        repository: `${repository.host}/${repository.owner}/${repository.repo}`,
      };
      const record = (object: KubernetesObject) =>
        deps.ledger.record(
          ctx.task.id,
          { type: 'kubernetes', cluster, ...refOf(object) },
          { stepId: ctx.step?.id },
        );

      await auditedCheckpoint(
        deps,
        ctx,
        {
          key: `tekton-objects-${cluster}-${namespace}`,
          eventId: 'tekton-pipeline-apply',
          meta: auditMeta,
        },
        async () => {
          for (const object of placed) {
            const result = await applyAndRecord({
              objects,
              ledger: deps.ledger,
              cluster,
              taskId: ctx.task.id,
              stepId: ctx.step?.id,
              object,
              fieldManager,
            });
            ctx.logger.info(
              `${cluster}: ${result} ${object.kind} ${objectPath(object)}`,
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
        async () => {
          const secretValue = crypto.randomBytes(32).toString('hex');
          const secret: KubernetesObject = {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              name: `${eventListener}-webhook`,
              namespace,
              labels: placed[0].metadata!.labels,
              annotations: { 'paasport.io/scaffolder-task': ctx.task.id },
            },
          };
          const withValue = {
            ...secret,
            stringData: { secret: secretValue },
          } as KubernetesObject;
          // The portal may write Secrets but not read them: create, and
          // only if one exists already (a retry) apply the new value.
          const created =
            (await objects.createIfAbsent(withValue, { fieldManager })) ===
            'created';
          if (created) await record(secret);
          else await objects.apply(withValue, { fieldManager });
          ctx.logger.info(
            `${cluster}: ${
              created ? 'created' : 'updated'
            } Secret ${namespace}/${secret.metadata!.name} (webhook secret)`,
          );
          const hook = await repository.ensureHook({
            url,
            secret: secretValue,
            events: deps.config.tekton.webhookEvents,
          });
          if (hook.created) {
            await deps.ledger.record(
              ctx.task.id,
              {
                type: `${repository.provider}-webhook`,
                host: repository.host,
                owner: repository.owner,
                repo: repository.repo,
                hookId: hook.id,
              },
              { stepId: ctx.step?.id },
            );
          }
          ctx.logger.info(
            `${hook.created ? 'created' : 'updated'} webhook ${hook.id} of ${
              repository.owner
            }/${repository.repo} calling ${url}`,
          );
          return hook.id;
        },
      );
      ctx.output('webhookId', hookId);
    },
  });
}
