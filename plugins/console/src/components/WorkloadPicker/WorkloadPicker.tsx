import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useId } from 'react';
import { choiceKey, WorkloadChoice } from '../../hooks/useWorkloadSelection';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(2) },
  field: { minWidth: 200 },
}));

/** Props of {@link WorkloadPicker}. @internal */
export interface WorkloadPickerProps {
  choices: WorkloadChoice[];
  selected: WorkloadChoice;
  onSelect: (choice: WorkloadChoice) => void;
}

/**
 * Picks a cluster, then one of the entity's workloads on it.
 *
 * @internal
 */
export function WorkloadPicker(props: WorkloadPickerProps) {
  const { choices, selected, onSelect } = props;
  const classes = useStyles();
  const id = useId();
  const clusters = [...new Set(choices.map(c => c.cluster))];
  const onCluster = choices.filter(c => c.cluster === selected.cluster);
  return (
    <div className={classes.root}>
      <TextField
        select
        className={classes.field}
        id={`${id}-cluster`}
        label="Cluster"
        value={selected.cluster}
        SelectProps={{ native: true }}
        onChange={e => {
          const first = choices.find(c => c.cluster === e.target.value);
          if (first) onSelect(first);
        }}
      >
        {clusters.map(cluster => (
          <option key={cluster} value={cluster}>
            {cluster}
          </option>
        ))}
      </TextField>
      <TextField
        select
        className={classes.field}
        id={`${id}-workload`}
        label="Workload"
        value={choiceKey(selected)}
        SelectProps={{ native: true }}
        onChange={e => {
          const choice = onCluster.find(c => choiceKey(c) === e.target.value);
          if (choice) onSelect(choice);
        }}
      >
        {onCluster.map(choice => (
          <option key={choiceKey(choice)} value={choiceKey(choice)}>
            {`${choice.kind} ${choice.namespace}/${choice.name}`}
          </option>
        ))}
      </TextField>
    </div>
  );
}
