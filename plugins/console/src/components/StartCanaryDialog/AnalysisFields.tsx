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
import { CanaryForm, newRowId, QueryField } from '../../canary/canaryForm';
import { errorProps, FormPartProps, patchAt, removeAt } from './formFields';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(0, 2),
  },
  query: {
    borderLeft: `2px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(2),
    marginBottom: theme.spacing(1),
  },
}));

type NumberKey =
  | 'errorRatePoints'
  | 'latencyRatio'
  | 'minSamples'
  | 'minRequests'
  | 'windowSeconds'
  | 'failureLimit';

const thresholds: Array<[NumberKey, string, string]> = [
  [
    'errorRatePoints',
    'Max error-rate increase (points)',
    'Percentage points of 5xx the canary may add to the stable rate',
  ],
  [
    'latencyRatio',
    'Max p95 latency ratio',
    "How many times the stable p95 the canary's may be",
  ],
  [
    'minSamples',
    'Min samples per track',
    'Fewer and the verdict is inconclusive, never a pass',
  ],
  [
    'minRequests',
    'Min requests per track',
    'Over the window; fewer and the verdict is inconclusive',
  ],
  ['windowSeconds', 'Analysis window (seconds)', 'Data each analysis judges'],
  ['failureLimit', 'Failure limit', 'Failed verdicts that abort the canary'],
];

const queryNumbers: Array<[keyof QueryField & `max${string}`, string]> = [
  ['maxIncrease', 'Max increase'],
  ['maxRatio', 'Max ratio'],
  ['maxValue', 'Ceiling'],
];

function emptyQuery(): QueryField {
  return {
    id: newRowId(),
    name: '',
    promql: '',
    higherIsWorse: true,
    maxIncrease: '',
    maxRatio: '',
    maxValue: '',
  };
}

/**
 * How each step is judged: the thresholds of the built-in error rate and
 * p95 latency, the sample minimums, the window, the failure limit, and the
 * team's own PromQL queries, each run on both tracks.
 *
 * @internal
 */
export function AnalysisFields(props: FormPartProps) {
  const { form, update, errors, disabled } = props;
  const classes = useStyles();
  const id = useId();
  const setQuery = (index: number, patch: Partial<QueryField>) =>
    update(f => ({ ...f, queries: patchAt(f.queries, index, patch) }));
  return (
    <>
      <div className={classes.grid}>
        {thresholds.map(([key, label, help]) => (
          <TextField
            key={key}
            id={`${id}-${key}`}
            margin="dense"
            type="number"
            label={label}
            value={form[key]}
            disabled={disabled}
            onChange={e =>
              update((f): CanaryForm => ({ ...f, [key]: e.target.value }))
            }
            {...errorProps(errors, key, help)}
          />
        ))}
      </div>
      <Typography variant="subtitle2">Extra queries</Typography>
      <Typography variant="body2" color="textSecondary">
        PromQL over your pods' series; each selector is confined to one track's
        pods when it runs.
      </Typography>
      {errors.queries && (
        <Typography color="error" variant="body2">
          {errors.queries}
        </Typography>
      )}
      {form.queries.map((query, index) => {
        const path = `queries.${index}`;
        return (
          <div className={classes.query} key={query.id}>
            <TextField
              id={`${id}-${query.id}-name`}
              margin="dense"
              label={`Name of query ${index + 1}`}
              value={query.name}
              disabled={disabled}
              onChange={e => setQuery(index, { name: e.target.value })}
              {...errorProps(errors, `${path}.name`)}
            />
            <TextField
              fullWidth
              multiline
              id={`${id}-${query.id}-promql`}
              margin="dense"
              label={`PromQL of query ${index + 1}`}
              value={query.promql}
              disabled={disabled}
              onChange={e => setQuery(index, { promql: e.target.value })}
              {...errorProps(errors, `${path}.promql`)}
            />
            <div className={classes.grid}>
              {queryNumbers.map(([key, label]) => (
                <TextField
                  key={key}
                  id={`${id}-${query.id}-${key}`}
                  margin="dense"
                  type="number"
                  label={`${label} of query ${index + 1}`}
                  value={query[key]}
                  disabled={disabled}
                  onChange={e => setQuery(index, { [key]: e.target.value })}
                  {...errorProps(errors, `${path}.${key}`)}
                />
              ))}
            </div>
            <FormControlLabel
              label="Higher is worse"
              control={
                <Checkbox
                  checked={query.higherIsWorse}
                  disabled={disabled}
                  onChange={e =>
                    setQuery(index, { higherIsWorse: e.target.checked })
                  }
                />
              }
            />
            <IconButton
              aria-label={`Drop query ${index + 1}`}
              disabled={disabled}
              onClick={() =>
                update(f => ({ ...f, queries: removeAt(f.queries, index) }))
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
          update(f => ({ ...f, queries: [...f.queries, emptyQuery()] }))
        }
      >
        Add a query
      </Button>
    </>
  );
}
