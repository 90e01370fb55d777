import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  entityPathSchema,
  LogEvent,
  logsQuerySchema,
} from '@paasport/plugin-console-common';
import Router from 'express-promise-router';
import { audited } from '@paasport/plugin-paasport-node';
import { LogService } from '../logs/LogService';
import { parseInput } from './validation';

/**
 * `GET /entities/:kind/:namespace/:name/logs`: NDJSON, one {@link LogEvent}
 * per line. NDJSON over fetch rather than EventSource, because EventSource
 * cannot send the Backstage token.
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

    const controller = new AbortController();
    // The client went away: stop every upstream log request.
    res.on('close', () => controller.abort());
    res.status(200);
    res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const write = (event: LogEvent) => {
      if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
    };
    await run(write, controller.signal);
    res.end();
  });

  return router;
}
