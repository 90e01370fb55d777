import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import paasportPlugin from '@paasport/plugin-paasport/alpha';
import consolePlugin from '@paasport/plugin-console/alpha';
import decommissionPlugin from '@paasport/plugin-decommission/alpha';
import marketplacePlugin from '@paasport/plugin-marketplace/alpha';
import { catalogImportGate, navModule, scaffolderGate } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    paasportPlugin,
    consolePlugin,
    decommissionPlugin,
    marketplacePlugin,
    navModule,
    catalogImportGate,
    scaffolderGate,
    signInModule,
  ],
});
