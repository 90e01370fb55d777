import Router from 'express-promise-router';
import { RouterOptions, userCredentials } from './context';

/** `GET /offerings`, `GET /quotas/:team`. */
export function offeringsRoutes(options: RouterOptions) {
  const router = Router();
  router.get('/offerings', async (req, res) => {
    await userCredentials(options, req);
    res.json(options.offerings.list(id => options.providers.has(id)));
  });
  router.get('/quotas/:team', async (req, res) => {
    await userCredentials(options, req);
    res.json(await options.requests.quotaUsage(req.params.team));
  });
  return router;
}
