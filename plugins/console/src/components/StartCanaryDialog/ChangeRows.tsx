import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useId } from 'react';
import { CanaryFormErrors } from '../../canary/canaryFormChecks';
import { errorProps } from './formFields';

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
 * One change as {@link ChangeRows} edits it: set `name` to `value`, or
 * remove it; `container` only where the change belongs to one.
 *
 * @internal
 */
export interface NamedChange {
  id: number;
  name: string;
  value: string;
  remove: boolean;
  container?: string;
}

/** What the person reads on each control; `n` counts rows from 1. @internal */
export interface ChangeRowsLabels {
  name: (n: number) => string;
  value: (n: number) => string;
  remove: string;
  drop: (n: number) => string;
  add: string;
}

/** Props of {@link ChangeRows}. @internal */
export interface ChangeRowsProps {
  rows: NamedChange[];
  labels: ChangeRowsLabels;
  /** `password` for values that may be secrets, so they are never shown. */
  valueType: 'password' | 'text';
  /**
   * For changes that belong to a container: shown as a picker when there
   * is more than one container.
   */
  containerPicker?: { containers: string[]; label: (n: number) => string };
  errors: CanaryFormErrors;
  /** Where row `index`'s errors are in `errors`. */
  errorPaths: (index: number) => { name: string; value: string };
  disabled: boolean;
  /** Whether a row may be added now, apart from `disabled`. */
  canAdd?: boolean;
  onChange: (index: number, patch: Partial<NamedChange>) => void;
  onDrop: (index: number) => void;
  onAdd: () => void;
}

/**
 * Rows of name/value changes, each of which may instead remove the name,
 * and a button to add one: the form of environment and annotation changes.
 *
 * @internal
 */
export function ChangeRows(props: ChangeRowsProps) {
  const { rows, labels, valueType, containerPicker, errors } = props;
  const { errorPaths, disabled, onChange, onDrop } = props;
  const containers = containerPicker?.containers ?? [];
  const classes = useStyles();
  const id = useId();
  return (
    <>
      {rows.map((row, index) => {
        const n = index + 1;
        const paths = errorPaths(index);
        return (
          <div className={classes.row} key={row.id}>
            {containerPicker && containers.length > 1 && (
              <TextField
                select
                id={`${id}-${row.id}-container`}
                margin="dense"
                label={containerPicker.label(n)}
                value={row.container}
                disabled={disabled}
                SelectProps={{ native: true }}
                onChange={e => onChange(index, { container: e.target.value })}
              >
                {containers.map(c => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </TextField>
            )}
            <TextField
              id={`${id}-${row.id}-name`}
              margin="dense"
              label={labels.name(n)}
              value={row.name}
              disabled={disabled}
              onChange={e => onChange(index, { name: e.target.value })}
              {...errorProps(errors, paths.name)}
            />
            <TextField
              id={`${id}-${row.id}-value`}
              margin="dense"
              type={valueType}
              // Keeps browsers from offering a saved password as the value.
              autoComplete={valueType === 'password' ? 'new-password' : 'off'}
              label={labels.value(n)}
              value={row.value}
              disabled={disabled || row.remove}
              onChange={e => onChange(index, { value: e.target.value })}
              {...errorProps(errors, paths.value)}
            />
            <FormControlLabel
              label={labels.remove}
              control={
                <Checkbox
                  checked={row.remove}
                  disabled={disabled}
                  onChange={e => onChange(index, { remove: e.target.checked })}
                />
              }
            />
            <IconButton
              aria-label={labels.drop(n)}
              disabled={disabled}
              onClick={() => onDrop(index)}
            >
              <DeleteIcon />
            </IconButton>
          </div>
        );
      })}
      <Button
        size="small"
        startIcon={<AddIcon />}
        disabled={disabled || props.canAdd === false}
        onClick={props.onAdd}
      >
        {labels.add}
      </Button>
    </>
  );
}
