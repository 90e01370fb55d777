import { createApp, Lifecycle } from './app';
import { createMetrics } from './metrics';

const port = Number(process.env.PORT ?? 8080);
const lifecycle: Lifecycle = { ready: true };
const server = createApp(createMetrics(), lifecycle).listen(port, () => {
  console.log('${{ values.name }} listening on port', port);
});

// Kubernetes sends SIGTERM, then waits terminationGracePeriodSeconds: stop
// taking new traffic first, finish what is in flight, then exit.
process.on('SIGTERM', () => {
  lifecycle.ready = false;
  server.close(() => process.exit(0));
});
