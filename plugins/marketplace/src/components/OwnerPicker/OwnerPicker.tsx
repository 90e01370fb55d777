import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useState } from 'react';
import { useOwnableEntities } from '../../hooks/useOwnableEntities';
import { applicationOf } from '../../lib/applicationOf';

/** Props of {@link OwnerPicker}. */
export interface OwnerPickerProps {
  value: Entity | null;
  onChange: (entity: Entity | null) => void;
}

function label(entity: Entity) {
  const name = entity.metadata.title ?? entity.metadata.name;
  const ns = entity.metadata.namespace ?? 'default';
  return ns === 'default' ? name : `${ns}/${name}`;
}

/** Why an entity cannot own middleware, or where the middleware will belong. */
function helperText(entity: Entity | null) {
  if (!entity) {
    return 'Middleware belongs to an application (System); pick it or one of its components.';
  }
  const application = applicationOf(entity);
  if (!application) {
    return `${entity.metadata.name} belongs to no application (spec.system); pick its System instead.`;
  }
  return `The instance will belong to the application ${application}.`;
}

/**
 * Chooses the Component or System the middleware is for. A Component stands
 * for its System: middleware is owned by applications, and every component
 * of the application can bind it.
 */
export function OwnerPicker({ value, onChange }: OwnerPickerProps) {
  const [all, setAll] = useState(false);
  const { value: options = [], loading, error } = useOwnableEntities(all);
  const invalid = Boolean(value && !applicationOf(value));
  return (
    <>
      <Autocomplete
        options={options}
        loading={loading}
        value={value}
        onChange={(_, entity) => onChange(entity)}
        groupBy={entity =>
          entity.kind.toLowerCase() === 'system' ? 'Applications' : 'Components'
        }
        getOptionLabel={label}
        getOptionSelected={(a, b) =>
          stringifyEntityRef(a) === stringifyEntityRef(b)
        }
        renderInput={params => (
          <TextField
            {...params}
            label="Application or component"
            variant="outlined"
            required
            error={invalid || Boolean(error)}
            helperText={
              error
                ? `Could not load the catalog: ${error.message}`
                : helperText(value)
            }
          />
        )}
      />
      <FormControlLabel
        control={
          <Checkbox checked={all} onChange={(_, checked) => setAll(checked)} />
        }
        label="Include applications my teams do not own"
      />
    </>
  );
}
