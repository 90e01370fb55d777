import express from 'express';
import Router from 'express-promise-router';
import { bindingsRoutes } from './bindingsRoutes';
import { browseRoutes } from './browseRoutes';
import { RouterOptions } from './context';
import { offeringsRoutes } from './offeringsRoutes';
import { requestsRoutes } from './requestsRoutes';

export type { RouterOptions } from './context';

/** The `/api/marketplace` router; errors go to the backend's error handler. */
export function createRouter(options: RouterOptions): express.Router {
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  router.use(offeringsRoutes(options));
  router.use(requestsRoutes(options));
  router.use(bindingsRoutes(options));
  router.use(browseRoutes(options));
  return router;
}
