import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/**
 * `ui:field: PaasportServiceName` for the new frontend system; the field's
 * code loads with the scaffolder form, not with the app.
 *
 * @alpha
 */
export const serviceNameFormField = FormFieldBlueprint.make({
  name: 'paasport-service-name',
  params: {
    field: () =>
      Promise.all([
        import('@backstage/plugin-scaffolder-react/alpha'),
        import('./fields'),
      ]).then(([{ createFormField }, { serviceNameFieldOptions }]) =>
        createFormField(serviceNameFieldOptions),
      ),
  },
});

/**
 * `ui:field: PaasportTeam` for the new frontend system, loaded with the
 * scaffolder form.
 *
 * @alpha
 */
export const teamFormField = FormFieldBlueprint.make({
  name: 'paasport-team',
  params: {
    field: () =>
      Promise.all([
        import('@backstage/plugin-scaffolder-react/alpha'),
        import('./fields'),
      ]).then(([{ createFormField }, { teamFieldOptions }]) =>
        createFormField(teamFieldOptions),
      ),
  },
});
