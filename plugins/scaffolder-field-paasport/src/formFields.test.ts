import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNameField } from './components/ServiceNameField';
import { TeamField } from './components/TeamField';
import { serviceNameFormField, teamFormField } from './formFields';
import { serviceNameValidation } from './lib/serviceNameValidation';
import { teamValidation } from './lib/teamValidation';

const attachment = {
  kind: 'scaffolder-form-field',
  attachTo: { id: 'api:scaffolder/form-fields', input: 'formFields' },
};

describe('serviceNameFormField', () => {
  it('attaches to the scaffolder form fields and loads PaasportServiceName', async () => {
    expect(serviceNameFormField).toMatchObject(attachment);
    const loader = createExtensionTester(serviceNameFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    expect(await loader()).toMatchObject({
      name: 'PaasportServiceName',
      component: ServiceNameField,
      validation: serviceNameValidation,
    });
  });
});

describe('teamFormField', () => {
  it('attaches to the scaffolder form fields and loads PaasportTeam', async () => {
    expect(teamFormField).toMatchObject(attachment);
    const loader = createExtensionTester(teamFormField).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    );
    expect(await loader()).toMatchObject({
      name: 'PaasportTeam',
      component: TeamField,
      validation: teamValidation,
    });
  });
});
