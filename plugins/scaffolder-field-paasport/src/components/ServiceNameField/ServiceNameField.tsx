import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { useNameAvailability } from '../../hooks/useNameAvailability';
import { takenMessage } from '../../lib/checkServiceName';

/**
 * The line under the field: the rule, or what the catalog and the repository
 * host say about the name.
 */
function availabilityText(
  value: string,
  availability: ReturnType<typeof useNameAvailability>,
  description?: string,
): { text?: string; taken: boolean } {
  if (!value) return { text: description, taken: false };
  if (availability.loading) {
    return { text: `Checking whether ${value} is free…`, taken: false };
  }
  if (availability.error) {
    return {
      text: `Could not check the catalog: ${availability.error.message}`,
      taken: false,
    };
  }
  const taken = takenMessage(value, availability);
  if (taken) return { text: `${taken}.`, taken: true };
  const repository = availability.repository;
  if (!repository)
    return { text: `${value} is free in the catalog.`, taken: false };
  if ('unknown' in repository) {
    return {
      text: `${value} is free in the catalog; the repository host could not be checked (${repository.unknown}).`,
      taken: false,
    };
  }
  return {
    text: `${value} is free in the catalog and in ${
      'hostName' in repository ? repository.hostName : 'the repository host'
    }.`,
    taken: false,
  };
}

/**
 * A service name that says, while you type, whether a component of that
 * name is already in the catalog and a repository of that name on the
 * repository host, Gitea or GitHub (catalog only when the backend lacks Paasport's scaffolder module). The
 * task's first step checks the clusters too; this spares a round trip for
 * the common cases.
 *
 * @public
 */
export function ServiceNameField(props: FieldExtensionComponentProps<string>) {
  const {
    onChange,
    required,
    schema: { title = 'Name', description },
    rawErrors,
    formData,
    uiSchema,
    idSchema,
  } = props;
  const value = formData ?? '';
  const availability = useNameAvailability(value);
  const { text, taken } = availabilityText(value, availability, description);
  return (
    <TextField
      id={idSchema?.$id}
      label={title}
      required={required}
      value={value}
      onChange={e => onChange(e.target.value.trim())}
      margin="normal"
      error={taken || (rawErrors?.length ?? 0) > 0}
      helperText={text}
      inputProps={{ autoFocus: Boolean(uiSchema?.['ui:autofocus']) }}
      FormHelperTextProps={{
        role: 'status',
        margin: 'dense',
        style: { marginLeft: 0 },
      }}
    />
  );
}
