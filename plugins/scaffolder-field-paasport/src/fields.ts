import { ServiceNameField } from './components/ServiceNameField';
import { TeamField } from './components/TeamField';
import { serviceNameValidation } from './lib/serviceNameValidation';
import { teamValidation } from './lib/teamValidation';

/**
 * The name templates use for the field: `ui:field: PaasportServiceName`.
 *
 * @public
 */
export const SERVICE_NAME_FIELD = 'PaasportServiceName';

/**
 * The name templates use for the owning team: `ui:field: PaasportTeam`.
 *
 * @public
 */
export const TEAM_FIELD = 'PaasportTeam';

/** The field's definition, shared by the new and the legacy frontend system. */
export const serviceNameFieldOptions = {
  name: SERVICE_NAME_FIELD,
  component: ServiceNameField,
  validation: serviceNameValidation,
};

/** The team field's definition, for both frontend systems. */
export const teamFieldOptions = {
  name: TEAM_FIELD,
  component: TeamField,
  validation: teamValidation,
};
