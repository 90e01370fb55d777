import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useId } from 'react';
import { newRowId } from '../../canary/canaryForm';
import { errorProps, FormPartProps, patchAt, removeAt } from './formFields';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(1),
  },
}));

/**
 * The change the canary releases: a new image per container, prefilled
 * with what runs now, and environment changes whose values are typed like
 * passwords (they may be secrets) and never shown again.
 *
 * @internal
 */
export function ReleaseFields(props: FormPartProps & { containers: string[] }) {
  const { form, update, errors, disabled, containers } = props;
  const classes = useStyles();
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
      {form.env.map((field, index) => {
        const change = (patch: Partial<typeof field>) =>
          update(f => ({ ...f, env: patchAt(f.env, index, patch) }));
        return (
          <div className={classes.row} key={field.id}>
            {containers.length > 1 && (
              <TextField
                select
                id={`${id}-env-${field.id}-container`}
                margin="dense"
                label={`Container of change ${index + 1}`}
                value={field.container}
                disabled={disabled}
                SelectProps={{ native: true }}
                onChange={e => change({ container: e.target.value })}
              >
                {containers.map(c => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </TextField>
            )}
            <TextField
              id={`${id}-env-${field.id}-name`}
              margin="dense"
              label={`Name of variable ${index + 1}`}
              value={field.name}
              disabled={disabled}
              onChange={e => change({ name: e.target.value })}
              {...errorProps(errors, `env.${index}.name`)}
            />
            <TextField
              id={`${id}-env-${field.id}-value`}
              margin="dense"
              type="password"
              autoComplete="new-password"
              label={`Value of variable ${index + 1}`}
              value={field.value}
              disabled={disabled || field.remove}
              onChange={e => change({ value: e.target.value })}
            />
            <FormControlLabel
              label="Remove the variable"
              control={
                <Checkbox
                  checked={field.remove}
                  disabled={disabled}
                  onChange={e => change({ remove: e.target.checked })}
                />
              }
            />
            <IconButton
              aria-label={`Drop change ${index + 1}`}
              disabled={disabled}
              onClick={() =>
                update(f => ({ ...f, env: removeAt(f.env, index) }))
              }
            >
              <DeleteIcon />
            </IconButton>
          </div>
        );
      })}
      <Button
        size="small"
        startIcon={<AddIcon />}
        disabled={disabled || !containers.length}
        onClick={() =>
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
      >
        Add an environment change
      </Button>
    </>
  );
}
