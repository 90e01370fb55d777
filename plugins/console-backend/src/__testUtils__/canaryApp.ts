import { AdminApis, rollOut, testDeployment } from './devcluster';

/**
 * A Deployment for canary tests: `replicas` (4 unless said) of version 1.0.0
 * that the devcluster exporter gives request traffic (its `api` profile),
 * behind a Service of its own, so EndpointSlices say which pods serve.
 */
export async function deployCanaryApp(
  admin: AdminApis,
  namespace: string,
  app: string,
  replicas = 4,
) {
  const manifest = testDeployment(namespace, app, '1.0.0');
  manifest.spec.replicas = replicas;
  (manifest.spec.template.metadata as any).annotations = {
    'devcluster.paasport.io/profile': 'api',
  };
  await rollOut(admin, manifest);
  await admin.core.createNamespacedService({
    namespace,
    body: {
      metadata: { name: app },
      spec: {
        selector: { 'app.kubernetes.io/name': app },
        ports: [{ port: 80, targetPort: 8080 }],
      },
    },
  });
}
