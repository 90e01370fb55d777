import { jsonLogger } from './logger';
import { runBroker } from './runBroker';

// The broker from the sources: `yarn workspace @paasport/service-broker start`.
runBroker(process.env).catch(error => {
  jsonLogger.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
