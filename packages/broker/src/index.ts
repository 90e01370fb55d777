import { jsonLogger, runBroker } from '@paasport/service-broker';

// The broker as its own process, from a build: `yarn workspace broker build`
// bundles this with the broker library (the root Dockerfile's broker image).
// Settings come from the environment (packages/service-broker/README.md).
runBroker(process.env).catch(error => {
  jsonLogger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
