import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { serviceNameFormField, teamFormField } from './formFields';

export { serviceNameFormField, teamFormField } from './formFields';

/**
 * Paasport's scaffolder form fields for the new frontend system:
 * `ui:field: PaasportServiceName` and `ui:field: PaasportTeam`. Apps with
 * `app.packages: all` pick them up from their dependencies.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNameFormField, teamFormField],
});
