import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  entityPathSchema,
  rollbackIdSchema,
  rollbackRequestSchema,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { ApplicationModel } from '@paasport/kubernetes-node';
import { RollbackProgress } from '../rollback/RollbackProgress';
import { RollbackService } from '../rollback/RollbackService';
import { DatabaseRollbackStore } from '../rollback/RollbackStore';
import { audited } from '@paasport/plugin-paasport-node';
import { parseInput } from './validation';

/**
 * `POST /entities/:kind/:namespace/:name/rollback` and `GET /rollbacks/:id`.
 *
 * @internal
 */
export function rollbackRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  entities: ApplicationModel;
  rollbacks: RollbackService;
  progress: RollbackProgress;
  store: DatabaseRollbackStore;
}) {
  const { httpAuth, rollbacks, progress, store, entities } = options;
  const router = Router();

  router.post('/entities/:kind/:namespace/:name/rollback', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    const input = parseInput(
      rollbackRequestSchema,
      req.body,
      'rollback request',
    );
    const result = await audited(
      options,
      {
        eventId: 'workload-rollback',
        severityLevel: 'high',
        request: req,
        meta: {
          entity: `${entity.kind}:${entity.namespace}/${entity.name}`,
          cluster: input.cluster,
          namespace: input.namespace,
          workload: `${input.kind}/${input.name}`,
          toRevision: input.toRevision,
          reason: input.reason,
          force: input.force,
        },
      },
      meta => rollbacks.rollback(entity, credentials, input, meta),
    );
    res.status(result.outcome === 'started' ? 202 : 200).json(result);
  });

  router.get('/rollbacks/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseInput(rollbackIdSchema, req.params, 'rollback id');
    const rollback = await store.get(id);
    if (!rollback) {
      throw new NotFoundError(`No rollback ${id}`);
    }
    // Only those who may see the entity may see its rollbacks.
    await entities.scopeOf(parseEntityRef(rollback.entityRef), credentials);
    res.json(await progress.refresh(rollback));
  });

  return router;
}
