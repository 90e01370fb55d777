import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { checkServiceName, takenMessage } from './checkServiceName';

/**
 * Stops the form at its step when the name is taken, so a taken name never
 * reaches the task. Runs when the user moves on, not on every key.
 *
 * @public
 */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!value || !catalogApi) return;
  const check = await checkServiceName(
    {
      catalogApi,
      discoveryApi: context.apiHolder.get(discoveryApiRef),
      fetchApi: context.apiHolder.get(fetchApiRef),
    },
    value,
  );
  const taken = takenMessage(value, check);
  if (taken) validation.addError(taken);
};
