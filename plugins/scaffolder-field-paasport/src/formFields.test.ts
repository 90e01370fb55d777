import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNameField } from './components/ServiceNameField';
import { serviceNameFormField } from './formFields';
import { serviceNameValidation } from './lib/serviceNameValidation';

describe('serviceNameFormField', () => {
  it('attaches to the scaffolder form fields and loads PaasportServiceName', async () => {
    expect(serviceNameFormField).toMatchObject({
      kind: 'scaffolder-form-field',
      attachTo: { id: 'api:scaffolder/form-fields', input: 'formFields' },
    });
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
