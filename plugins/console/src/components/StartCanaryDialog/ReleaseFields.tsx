import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useId } from 'react';
import { EnvField, newRowId } from '../../canary/canaryForm';
import { ChangeRows, ChangeRowsLabels } from './ChangeRows';
import { errorProps, FormPartProps, patchAt, removeAt } from './formFields';

const envLabels: ChangeRowsLabels = {
  name: n => `Name of variable ${n}`,
  value: n => `Value of variable ${n}`,
  remove: 'Remove the variable',
  drop: n => `Drop change ${n}`,
  add: 'Add an environment change',
};

const annotationLabels: ChangeRowsLabels = {
  name: n => `Key of annotation ${n}`,
  value: n => `Value of annotation ${n}`,
  remove: 'Remove the annotation',
  drop: n => `Drop annotation change ${n}`,
  add: 'Add an annotation change',
};

/**
 * The change the canary releases: a new image per container, prefilled
 * with what runs now, environment changes whose values are typed like
 * passwords (they may be secrets) and never shown again, and pod annotation
 * changes, shown as typed (annotations are readable by anyone who may read
 * the pods).
 *
 * @internal
 */
export function ReleaseFields(props: FormPartProps & { containers: string[] }) {
  const { form, update, errors, disabled, containers } = props;
  const id = useId();
  return (
    <>
      {form.images.map((field, index) => (
        <TextField
          key={field.container}
          id={`${id}-image-${index}`}
          fullWidth
          margin="dense"
          label={`Image of ${field.container}`}
          value={field.image}
          disabled={disabled}
          onChange={e =>
            update(f => ({
              ...f,
              images: patchAt(f.images, index, { image: e.target.value }),
            }))
          }
          {...errorProps(
            errors,
            `images.${index}`,
            `Running now: ${field.current || 'unknown'}`,
          )}
        />
      ))}
      <Typography variant="subtitle2">Environment changes</Typography>
      <ChangeRows
        rows={form.env}
        labels={envLabels}
        valueType="password"
        containerPicker={{
          containers,
          label: n => `Container of change ${n}`,
        }}
        errors={errors}
        errorPaths={index => ({
          name: `env.${index}.name`,
          value: `env.${index}.value`,
        })}
        disabled={disabled}
        canAdd={containers.length > 0}
        onChange={(index, patch) =>
          update(f => ({ ...f, env: patchAt<EnvField>(f.env, index, patch) }))
        }
        onDrop={index => update(f => ({ ...f, env: removeAt(f.env, index) }))}
        onAdd={() =>
          update(f => ({
            ...f,
            env: [
              ...f.env,
              {
                id: newRowId(),
                container: containers[0],
                name: '',
                value: '',
                remove: false,
              },
            ],
          }))
        }
      />
      <Typography variant="subtitle2">Pod annotation changes</Typography>
      <ChangeRows
        // The rows are shared with environment changes, which have names.
        rows={form.annotations.map(({ key, ...rest }) => ({
          ...rest,
          name: key,
        }))}
        labels={annotationLabels}
        valueType="text"
        errors={errors}
        errorPaths={index => ({
          name: `annotations.${index}.key`,
          value: `annotations.${index}.value`,
        })}
        disabled={disabled}
        onChange={(index, { name, ...patch }) =>
          update(f => ({
            ...f,
            annotations: patchAt(f.annotations, index, {
              ...patch,
              ...(name !== undefined && { key: name }),
            }),
          }))
        }
        onDrop={index =>
          update(f => ({ ...f, annotations: removeAt(f.annotations, index) }))
        }
        onAdd={() =>
          update(f => ({
            ...f,
            annotations: [
              ...f.annotations,
              { id: newRowId(), key: '', value: '', remove: false },
            ],
          }))
        }
      />
    </>
  );
}
