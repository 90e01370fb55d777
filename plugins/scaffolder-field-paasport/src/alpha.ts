import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { serviceNameFormField } from './formFields';

export { serviceNameFormField } from './formFields';

/**
 * Paasport's scaffolder form fields for the new frontend system:
 * `ui:field: PaasportServiceName`. Apps with `app.packages: all` pick it up
 * from their dependencies.
 *
 * @alpha
 */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNameFormField],
});
