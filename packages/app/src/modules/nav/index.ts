import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SidebarContent } from './Sidebar';

export { catalogImportGate, scaffolderGate } from './permissionGates';

export const navModule = createFrontendModule({
  pluginId: 'app',
  extensions: [SidebarContent],
});
