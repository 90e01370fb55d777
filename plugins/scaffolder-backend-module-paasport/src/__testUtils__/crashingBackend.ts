/*
 * A scaffolder backend in its own process, for the test of a backend that
 * dies mid-task (undoSweep.integration.test.ts): the test kills it with
 * SIGKILL once a task reaches `test:hang`, which is what a crash looks like to
 * the database and the clusters. Run with the Backstage CLI's TypeScript hook:
 *   node --require @backstage/cli/config/nodeTransform.cjs crashingBackend.ts '<json>'
 * where json is { memberships, extraLocations, database }. Prints
 * "READY <port>" when serving and "HANG <taskId>" when a task hangs.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { AddressInfo } from 'node:net';
import { startScaffolderBackend } from './scaffolderBackend';

const hangModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'test-hang',
  register(reg) {
    reg.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createTemplateAction({
            id: 'test:hang',
            async handler(ctx) {
              process.stdout.write(`HANG ${ctx.task.id}\n`);
              await new Promise<never>(() => {});
            },
          }),
        );
      },
    });
  },
});

async function main() {
  const options = JSON.parse(process.argv[2]);
  const started = await startScaffolderBackend({
    ...options,
    features: [hangModule],
  });
  const { port } = started.server.address() as AddressInfo;
  process.stdout.write(`READY ${port}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
