import { ServiceNameField } from './components/ServiceNameField';
import { serviceNameValidation } from './lib/serviceNameValidation';

/**
 * The name templates use for the field: `ui:field: PaasportServiceName`.
 *
 * @public
 */
export const SERVICE_NAME_FIELD = 'PaasportServiceName';

/** The field's definition, shared by the new and the legacy frontend system. */
export const serviceNameFieldOptions = {
  name: SERVICE_NAME_FIELD,
  component: ServiceNameField,
  validation: serviceNameValidation,
};
