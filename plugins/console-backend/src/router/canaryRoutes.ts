import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  canaryActionRequestSchema,
  canaryIdSchema,
  canaryRequestSchema,
  entityPathSchema,
} from '@paasport/plugin-console-common';
import { audited } from '@paasport/plugin-paasport-node';
import Router from 'express-promise-router';
import { CanaryService } from '../canary/CanaryService';
import { parseInput } from './validation';

/**
 * Canary releases: `POST|GET /entities/:kind/:namespace/:name/canaries`,
 * `GET /canaries/:id` and `POST /canaries/:id/actions`.
 *
 * @internal
 */
export function canaryRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  canaries: CanaryService;
}) {
  const { httpAuth, canaries } = options;
  const router = Router();

  router.post('/entities/:kind/:namespace/:name/canaries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    const input = parseInput(canaryRequestSchema, req.body, 'canary request');
    const canary = await audited(
      options,
      {
        eventId: 'workload-canary-start',
        severityLevel: 'high',
        request: req,
        meta: {
          entity: `${entity.kind}:${entity.namespace}/${entity.name}`,
          cluster: input.cluster,
          workload: `Deployment/${input.namespace}/${input.name}`,
          reason: input.reason,
        },
      },
      meta => canaries.start(entity, credentials, input, meta),
    );
    res.status(201).json(canary);
  });

  router.get('/entities/:kind/:namespace/:name/canaries', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    res.json(await canaries.list(entity, credentials));
  });

  router.get('/canaries/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseInput(canaryIdSchema, req.params, 'canary id');
    res.json(await canaries.get(id, credentials));
  });

  router.post('/canaries/:id/actions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseInput(canaryIdSchema, req.params, 'canary id');
    const request = parseInput(
      canaryActionRequestSchema,
      req.body,
      'canary action',
    );
    const canary = await audited(
      options,
      {
        eventId: 'workload-canary-action',
        severityLevel: 'high',
        request: req,
        meta: {
          canaryId: id,
          action: request.action,
          comment: request.comment,
        },
      },
      meta => canaries.act(id, credentials, request, meta),
    );
    res.json(canary);
  });

  return router;
}
