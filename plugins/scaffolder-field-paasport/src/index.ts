/**
 * Paasport's scaffolder form fields. The new frontend system takes the
 * module from `/alpha`; legacy apps add {@link ServiceNameFieldExtension}
 * inside `<ScaffolderFieldExtensions>`.
 *
 * @packageDocumentation
 */
import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { serviceNameFieldOptions } from './fields';

export { SERVICE_NAME_FIELD } from './fields';
export { ServiceNameField } from './components/ServiceNameField';
export { serviceNameValidation } from './lib/serviceNameValidation';

/**
 * `ui:field: PaasportServiceName` for legacy apps.
 *
 * @public
 */
export const ServiceNameFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(serviceNameFieldOptions),
);
