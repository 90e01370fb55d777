/**
 * Paasport's scaffolder form fields. The new frontend system takes the
 * module from `/alpha`; legacy apps add {@link ServiceNameFieldExtension}
 * and {@link TeamFieldExtension} inside `<ScaffolderFieldExtensions>`.
 *
 * @packageDocumentation
 */
import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { serviceNameFieldOptions, teamFieldOptions } from './fields';

export { SERVICE_NAME_FIELD, TEAM_FIELD } from './fields';
export { ServiceNameField } from './components/ServiceNameField';
export { TeamField } from './components/TeamField';
export { serviceNameValidation } from './lib/serviceNameValidation';
export { teamValidation } from './lib/teamValidation';

/**
 * `ui:field: PaasportServiceName` for legacy apps.
 *
 * @public
 */
export const ServiceNameFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(serviceNameFieldOptions),
);

/**
 * `ui:field: PaasportTeam` for legacy apps.
 *
 * @public
 */
export const TeamFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension(teamFieldOptions),
);
