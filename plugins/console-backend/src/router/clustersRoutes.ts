import { HttpAuthService } from '@backstage/backend-plugin-api';
import { ClustersResponse } from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { ClusterCaches } from '../cache/ClusterCaches';

/**
 * `GET /clusters`: health of each cluster's cache.
 *
 * @internal
 */
export function clustersRoutes(options: {
  httpAuth: HttpAuthService;
  caches: ClusterCaches;
}) {
  const router = Router();
  router.get('/clusters', async (req, res) => {
    await options.httpAuth.credentials(req, { allow: ['user'] });
    // Waits (bounded) for caches that are still loading, like other reads.
    const body: ClustersResponse = {
      clusters: await Promise.all(
        options.caches
          .names()
          .map(name => options.caches.read(name, c => c.health())),
      ),
    };
    res.json(body);
  });
  return router;
}
