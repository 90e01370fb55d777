import { JsonObject } from '@backstage/types';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Form from '@rjsf/material-ui';
import { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';

/** Props of {@link ParametersForm}. */
export interface ParametersFormProps {
  /** The plan's JSON schema, as the backend validates it. */
  schema: JsonObject;
  formData: JsonObject;
  onSubmit: (parameters: JsonObject) => void;
  onBack: () => void;
}

function hasProperties(schema: JsonObject) {
  const properties = schema.properties;
  return (
    typeof properties === 'object' &&
    properties !== null &&
    Object.keys(properties).length > 0
  );
}

/**
 * A plan's parameters as a form, rendered from the JSON schema the backend
 * validates them with (the same one the platform team configured), so the
 * user sees the limits before the backend refuses them.
 */
export function ParametersForm({
  schema,
  formData,
  onSubmit,
  onBack,
}: ParametersFormProps) {
  // The step title already names the plan; a schema title would repeat it.
  const formSchema = useMemo(() => {
    const { title: _title, ...rest } = schema;
    return rest as RJSFSchema;
  }, [schema]);

  const buttons = (
    <div>
      <Button onClick={onBack}>Back</Button>
      <Button type="submit" variant="contained" color="primary">
        Next
      </Button>
    </div>
  );

  if (!hasProperties(schema)) {
    return (
      <form
        onSubmit={event => {
          event.preventDefault();
          onSubmit({});
        }}
      >
        <Typography paragraph>This plan takes no parameters.</Typography>
        {buttons}
      </form>
    );
  }
  return (
    <Form
      schema={formSchema}
      formData={formData}
      validator={validator}
      noHtml5Validate
      showErrorList={false}
      onSubmit={({ formData: data }) => onSubmit((data ?? {}) as JsonObject)}
    >
      {buttons}
    </Form>
  );
}
