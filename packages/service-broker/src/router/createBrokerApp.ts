import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { catalogResponse } from '../catalog';
import { OsbError } from '../errors';
import { Logger } from '../logger';
import { BindingService } from '../service/BindingService';
import { InstanceService } from '../service/InstanceService';
import { OsbResponse } from '../service/types';
import {
  apiVersion,
  basicAuth,
  originatingIdentity,
  requestIdentity,
} from './middleware';
import {
  asyncQuery,
  bindBody,
  bindingParams,
  deleteQuery,
  instanceParams,
  lastOperationQuery,
  provisionBody,
} from './schemas';

/** Options of {@link createBrokerApp}. @public */
export interface BrokerAppOptions {
  instances: InstanceService;
  bindings: BindingService;
  username: string;
  password: string;
  logger: Logger;
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw OsbError.badRequest(
      result.error.issues
        .map(i => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; '),
    );
  }
  return result.data;
}

function send(res: Response, answer: OsbResponse) {
  res.set(answer.headers ?? {});
  res.status(answer.status).json(answer.body);
}

/**
 * The Open Service Broker API v2.17 over HTTP.
 *
 * @public
 */
export function createBrokerApp(options: BrokerAppOptions): express.Express {
  const { instances, bindings, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(requestIdentity);
  app.use(basicAuth(options.username, options.password));
  app.use(apiVersion);
  app.use(originatingIdentity);
  app.use(express.json({ limit: '256kb' }));

  const router = Router();
  router.get('/v2/catalog', (_req, res) => {
    res.json(catalogResponse());
  });

  router.put('/v2/service_instances/:instance_id', async (req, res) => {
    const { instance_id } = parse(instanceParams, req.params);
    const query = parse(asyncQuery, req.query);
    const body = parse(provisionBody, req.body);
    send(
      res,
      await instances.provision(
        instance_id,
        body,
        query.accepts_incomplete,
        res.locals.originatingIdentity,
      ),
    );
  });
  router.get('/v2/service_instances/:instance_id', async (req, res) => {
    const { instance_id } = parse(instanceParams, req.params);
    send(res, await instances.fetch(instance_id));
  });
  router.delete('/v2/service_instances/:instance_id', async (req, res) => {
    const { instance_id } = parse(instanceParams, req.params);
    send(
      res,
      await instances.deprovision(instance_id, parse(deleteQuery, req.query)),
    );
  });
  router.get(
    '/v2/service_instances/:instance_id/last_operation',
    async (req, res) => {
      const { instance_id } = parse(instanceParams, req.params);
      const { operation } = parse(lastOperationQuery, req.query);
      send(res, await instances.lastOperation(instance_id, operation));
    },
  );

  const binding =
    '/v2/service_instances/:instance_id/service_bindings/:binding_id';
  router.put(binding, async (req, res) => {
    const { instance_id, binding_id } = parse(bindingParams, req.params);
    parse(asyncQuery, req.query);
    send(
      res,
      await bindings.bind(instance_id, binding_id, parse(bindBody, req.body)),
    );
  });
  router.get(binding, async (req, res) => {
    const { instance_id, binding_id } = parse(bindingParams, req.params);
    send(res, await bindings.fetch(instance_id, binding_id));
  });
  router.delete(binding, async (req, res) => {
    const { instance_id, binding_id } = parse(bindingParams, req.params);
    send(
      res,
      await bindings.unbind(
        instance_id,
        binding_id,
        parse(deleteQuery, req.query),
      ),
    );
  });
  router.get(`${binding}/last_operation`, async () => {
    // Bindings complete synchronously, so there is never an operation to poll.
    throw OsbError.notFound(
      'Bindings of this broker have no asynchronous operations',
    );
  });
  app.use(router);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'NotFound', description: 'No such route' });
  });
  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      if (error instanceof OsbError) {
        const body: Record<string, string> = { description: error.message };
        if (error.error) body.error = error.error;
        res.status(error.status).json(body);
        return;
      }
      const status = (error as { status?: number; type?: string }).status;
      if (status === 400 || status === 413) {
        // express.json() rejected the body (malformed JSON or too large).
        res.status(status).json({
          error: 'BadRequest',
          description: 'The request body is not valid JSON',
        });
        return;
      }
      logger.error(
        `Unhandled error: ${
          error instanceof Error ? error.stack : String(error)
        }`,
      );
      res.status(500).json({
        error: 'InternalError',
        description: 'The broker failed to process the request',
      });
    },
  );
  return app;
}
