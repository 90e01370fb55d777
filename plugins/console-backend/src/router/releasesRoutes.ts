import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  entityPathSchema,
  releaseDiffQuerySchema,
  releasesQuerySchema,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { ReleaseService } from '../releases/ReleaseService';
import { parseInput } from './validation';

/**
 * `GET /entities/:kind/:namespace/:name/releases`, `.../releases/diff` and
 * `.../matrix`.
 *
 * @internal
 */
export function releasesRoutes(options: {
  httpAuth: HttpAuthService;
  releases: ReleaseService;
}) {
  const { httpAuth, releases } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/releases', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    const query = parseInput(releasesQuerySchema, req.query, 'query');
    res.json(await releases.releases(entity, credentials, query));
  });

  router.get(
    '/entities/:kind/:namespace/:name/releases/diff',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entity = parseInput(entityPathSchema, req.params, 'entity');
      const query = parseInput(releaseDiffQuerySchema, req.query, 'query');
      res.json(await releases.diff(entity, credentials, query));
    },
  );

  router.get('/entities/:kind/:namespace/:name/matrix', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    res.json(await releases.matrix(entity, credentials));
  });

  return router;
}
