import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  decommissionEntityPathSchema,
  runIdSchema,
  startDecommissionSchema,
} from '@paasport/plugin-decommission-common';
import express from 'express';
import Router from 'express-promise-router';
import { DecommissionService } from '../services/DecommissionService';
import { parseInput } from './validation';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  decommissions: DecommissionService;
}

/**
 * The decommission API: preview and start per entity, reports and retry
 * per run.
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, decommissions } = options;
  const router = Router();
  router.use(express.json());

  const entity = (req: express.Request) =>
    parseInput(decommissionEntityPathSchema, req.params, 'entity');

  router.get('/entities/:kind/:namespace/:name/preview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await decommissions.preview(entity(req), credentials));
  });

  router.post(
    '/entities/:kind/:namespace/:name/decommission',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = entity(req);
      const body = parseInput(startDecommissionSchema, req.body, 'request');
      const result = await decommissions.start(ref, body, credentials, req);
      res.status(result.created ? 202 : 200).json(result);
    },
  );

  router.get('/entities/:kind/:namespace/:name/runs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await decommissions.listRuns(entity(req)));
  });

  router.get('/runs/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseInput(runIdSchema, req.params, 'run id');
    res.json(await decommissions.getRun(id));
  });

  router.post('/runs/:id/retry', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parseInput(runIdSchema, req.params, 'run id');
    res.status(202).json(await decommissions.retry(id, credentials, req));
  });

  return router;
}
