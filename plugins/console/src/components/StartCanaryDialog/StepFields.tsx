import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import { useId } from 'react';
import { newStep, PauseKind } from '../../canary/canaryForm';
import { errorProps, FormPartProps, patchAt, removeAt } from './formFields';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
}));

const pauses: Array<[PauseKind, string]> = [
  ['timed', 'Pause for some seconds'],
  ['untilResumed', 'Wait for a person'],
  ['none', 'No pause'],
];

/**
 * The steps: each a share of the stable replicas run as canary, and how
 * long it runs before it is analysed. The last one, 100 %, promotes.
 *
 * @internal
 */
export function StepFields(props: FormPartProps) {
  const { form, update, errors, disabled } = props;
  const classes = useStyles();
  const id = useId();
  return (
    <>
      {errors.steps && <Alert severity="error">{errors.steps}</Alert>}
      {form.steps.map((step, index) => {
        const change = (patch: Partial<typeof step>) =>
          update(f => ({ ...f, steps: patchAt(f.steps, index, patch) }));
        const path = `steps.${index}`;
        return (
          <div className={classes.row} key={step.id}>
            <TextField
              id={`${id}-${step.id}-weight`}
              margin="dense"
              type="number"
              label={`Weight of step ${index + 1} (%)`}
              value={step.weight}
              disabled={disabled}
              onChange={e => change({ weight: e.target.value })}
              {...errorProps(errors, `${path}.weight`)}
            />
            <TextField
              select
              id={`${id}-${step.id}-pause`}
              margin="dense"
              label={`Pause of step ${index + 1}`}
              value={step.pause}
              disabled={disabled}
              SelectProps={{ native: true }}
              onChange={e => change({ pause: e.target.value as PauseKind })}
            >
              {pauses.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </TextField>
            {step.pause === 'timed' && (
              <TextField
                id={`${id}-${step.id}-seconds`}
                margin="dense"
                type="number"
                label={`Seconds of step ${index + 1}`}
                value={step.seconds}
                disabled={disabled}
                onChange={e => change({ seconds: e.target.value })}
                {...errorProps(errors, `${path}.seconds`)}
              />
            )}
            <IconButton
              aria-label={`Drop step ${index + 1}`}
              disabled={disabled || form.steps.length === 1}
              onClick={() =>
                update(f => ({ ...f, steps: removeAt(f.steps, index) }))
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
        disabled={disabled}
        onClick={() =>
          // Before the last one: the 100 % step stays last.
          update(f => ({
            ...f,
            steps: [
              ...f.steps.slice(0, -1),
              newStep(
                Number(f.steps[f.steps.length - 2]?.weight ?? 0) + 1,
                120,
              ),
              ...f.steps.slice(-1),
            ],
          }))
        }
      >
        Add a step
      </Button>
    </>
  );
}
