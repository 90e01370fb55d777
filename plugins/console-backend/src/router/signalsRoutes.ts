import { HttpAuthService } from '@backstage/backend-plugin-api';
import { entityPathSchema } from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { SignalsService } from '../signals/SignalsService';
import { parseInput } from './validation';

/**
 * `GET /entities/:kind/:namespace/:name/signals`: error rate, p95 latency and
 * request rate of a Component's, System's or team's workloads right now.
 *
 * @internal
 */
export function signalsRoutes(options: {
  httpAuth: HttpAuthService;
  signals: SignalsService;
}) {
  const router = Router();
  router.get('/entities/:kind/:namespace/:name/signals', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    res.json(await options.signals.signals(entity, credentials));
  });
  return router;
}
