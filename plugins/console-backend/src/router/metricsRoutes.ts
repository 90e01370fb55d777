import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  entityPathSchema,
  metricsQuerySchema,
  revisionComparisonQuerySchema,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { MetricsService } from '../metrics/MetricsService';
import { parseInput } from './validation';

/**
 * `GET /entities/:kind/:namespace/:name/metrics` and
 * `GET /entities/:kind/:namespace/:name/comparison`: reads, for everyone
 * who may see the entity, of its own workloads only.
 *
 * @internal
 */
export function metricsRoutes(options: {
  httpAuth: HttpAuthService;
  metrics: MetricsService;
}) {
  const router = Router();
  router.get('/entities/:kind/:namespace/:name/metrics', async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user'],
    });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    const query = parseInput(metricsQuerySchema, req.query, 'query');
    res.json(await options.metrics.metrics(entity, credentials, query));
  });
  router.get(
    '/entities/:kind/:namespace/:name/comparison',
    async (req, res) => {
      const credentials = await options.httpAuth.credentials(req, {
        allow: ['user'],
      });
      const entity = parseInput(entityPathSchema, req.params, 'entity');
      const query = parseInput(
        revisionComparisonQuerySchema,
        req.query,
        'query',
      );
      res.json(await options.metrics.compare(entity, credentials, query));
    },
  );
  return router;
}
