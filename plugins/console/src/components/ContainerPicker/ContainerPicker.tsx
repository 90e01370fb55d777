import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useId } from 'react';

const useStyles = makeStyles({ field: { minWidth: 200 } });

/** Props of {@link ContainerPicker}. @internal */
export interface ContainerPickerProps {
  containers: string[];
  initContainers: string[];
  /** The picked container; undefined means all (regular) containers. */
  value?: string;
  onChange: (container: string | undefined) => void;
}

const ALL = '';

/**
 * Picks whose logs to show: all containers of the workload's pods, or one
 * (init containers only by name, since they have usually finished).
 *
 * @internal
 */
export function ContainerPicker(props: ContainerPickerProps) {
  const { containers, initContainers, value, onChange } = props;
  const classes = useStyles();
  const id = useId();
  return (
    <TextField
      select
      className={classes.field}
      id={`${id}-container`}
      label="Container"
      value={value ?? ALL}
      SelectProps={{ native: true }}
      // A native select shows an option's text even for the empty value
      // ("All containers"): unshrunk, the label would be printed over it.
      InputLabelProps={{ shrink: true }}
      onChange={e => onChange(e.target.value || undefined)}
    >
      <option value={ALL}>
        {containers.length > 1
          ? `All containers (${containers.length})`
          : 'All containers'}
      </option>
      {containers.map(name => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
      {initContainers.map(name => (
        <option key={`init:${name}`} value={name}>
          {`${name} (init)`}
        </option>
      ))}
    </TextField>
  );
}
