import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  entityPathSchema,
  logsQuerySchema,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { audited } from '@paasport/plugin-paasport-node';
import { LogService } from '../logs/LogService';
import { clientGoneSignal, ndjsonSink } from './ndjsonSink';
import { parseInput } from './validation';

/**
 * `GET /entities/:kind/:namespace/:name/logs`: NDJSON, one {@link LogEvent}
 * per line. NDJSON over fetch rather than EventSource, because EventSource
 * cannot send the Backstage token.
 *
 * A client that goes away at any moment closes every upstream log request;
 * a slow one pauses them (see {@link ndjsonSink}).
 *
 * @internal
 */
export function logsRoutes(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  logs: LogService;
}) {
  const { httpAuth, logs } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/logs', async (req, res) => {
    // First of all: the client may leave while the request is checked, and
    // must then stop every upstream log request we would open after.
    const clientGone = clientGoneSignal(res);
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entity = parseInput(entityPathSchema, req.params, 'entity');
    const query = parseInput(logsQuerySchema, req.query, 'query');
    // Logs may hold personal data: reading them is audited like a change.
    const run = await audited(
      options,
      {
        eventId: 'workload-logs-read',
        severityLevel: 'medium',
        request: req,
        meta: {
          entity: `${entity.kind}:${entity.namespace}/${entity.name}`,
          cluster: query.cluster,
          workload: `${query.kind}/${query.workload}`,
          follow: query.follow,
          previous: query.previous,
        },
      },
      meta => logs.prepare(entity, credentials, query, meta),
    );

    if (clientGone.aborted) return;
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    await run(ndjsonSink(res), clientGone);
    res.end();
  });

  return router;
}
