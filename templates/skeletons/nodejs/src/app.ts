import express from 'express';
import { Metrics } from './metrics';

/** Readiness, flipped off when the process is asked to stop. */
export interface Lifecycle {
  ready: boolean;
}

export function createApp(metrics: Metrics, lifecycle: Lifecycle) {
  const app = express();
  app.disable('x-powered-by');

  app.use((req, res, next) => {
    const stop = metrics.duration.startTimer({ method: req.method });
    res.on('finish', () => {
      // The matched route, not the raw path, keeps label cardinality bounded.
      const route = req.route?.path ?? 'unmatched';
      stop({ route });
      metrics.requests.inc({
        method: req.method,
        route,
        status: String(res.statusCode),
      });
    });
    next();
  });

  // Liveness: the process serves requests. Readiness: it should get traffic.
  app.get('/healthz/live', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/healthz/ready', (_req, res) => {
    res
      .status(lifecycle.ready ? 200 : 503)
      .json({ status: lifecycle.ready ? 'ok' : 'stopping' });
  });
  app.get('/metrics', async (_req, res) => {
    res
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });

  app.get('/', (_req, res) => {
    res.json({
      service: '${{ values.name }}',
      message: 'Hello from ${{ values.name }}',
    });
  });

  return app;
}
