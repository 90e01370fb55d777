import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ClusterCaches } from '../cache/ClusterCaches';
import { ApplicationModel } from '@paasport/kubernetes-node';
import { LogService } from '../logs/LogService';
import { MetricsService } from '../metrics/MetricsService';
import { ReleaseService } from '../releases/ReleaseService';
import { SignalsService } from '../signals/SignalsService';
import { RollbackProgress } from '../rollback/RollbackProgress';
import { RollbackService } from '../rollback/RollbackService';
import { DatabaseRollbackStore } from '../rollback/RollbackStore';
import { CanaryService } from '../canary/CanaryService';
import { canaryRoutes } from './canaryRoutes';
import { clustersRoutes } from './clustersRoutes';
import { logsRoutes } from './logsRoutes';
import { metricsRoutes } from './metricsRoutes';
import { releasesRoutes } from './releasesRoutes';
import { rollbackRoutes } from './rollbackRoutes';
import { signalsRoutes } from './signalsRoutes';
import { teamsRoutes } from './teamsRoutes';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  caches: ClusterCaches;
  entities: ApplicationModel;
  releases: ReleaseService;
  rollbacks: RollbackService;
  progress: RollbackProgress;
  store: DatabaseRollbackStore;
  logs: LogService;
  metrics: MetricsService;
  signals: SignalsService;
  canaries: CanaryService;
}

/**
 * The console's HTTP API, one router per resource.
 *
 * @internal
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());
  router.use(clustersRoutes(options));
  router.use(releasesRoutes(options));
  router.use(rollbackRoutes(options));
  router.use(canaryRoutes(options));
  router.use(logsRoutes(options));
  router.use(metricsRoutes(options));
  router.use(signalsRoutes(options));
  router.use(teamsRoutes(options));
  return router;
}
