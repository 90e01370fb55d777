import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { useId, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  select: { minWidth: 120 },
}));

/** What to ask the backend for; each change starts a new stream. */
export interface LogOptions {
  tailLines: number;
  sinceSeconds?: number;
  previous: boolean;
  filter?: string;
}

const TAIL_CHOICES = [10, 100, 500, 1000, 5000];
const SINCE_CHOICES: Array<[string, number | undefined]> = [
  ['any time', undefined],
  ['5 minutes', 300],
  ['1 hour', 3600],
  ['6 hours', 21600],
  ['24 hours', 86400],
];
// Typing a filter restarts the stream; wait until the user pauses typing.
const FILTER_DEBOUNCE_MS = 400;

/** Props of {@link LogControls}. @internal */
export interface LogControlsProps {
  value: LogOptions;
  onChange: (value: LogOptions) => void;
  paused: boolean;
  onPausedChange: (paused: boolean) => void;
  /** Lines that arrived while paused. */
  held: number;
}

/**
 * Tail, since, previous containers, text filter and pause/resume.
 *
 * @internal
 */
export function LogControls(props: LogControlsProps) {
  const { value, onChange, paused, onPausedChange, held } = props;
  const classes = useStyles();
  const id = useId();
  const [filter, setFilter] = useState(value.filter ?? '');
  useDebounce(
    () => {
      const next = filter.trim() || undefined;
      if (next !== value.filter) onChange({ ...value, filter: next });
    },
    FILTER_DEBOUNCE_MS,
    [filter],
  );
  return (
    <div className={classes.root}>
      <TextField
        select
        className={classes.select}
        id={`${id}-tail`}
        label="Tail"
        value={value.tailLines}
        SelectProps={{ native: true }}
        onChange={e =>
          onChange({ ...value, tailLines: Number(e.target.value) })
        }
      >
        {TAIL_CHOICES.map(n => (
          <option key={n} value={n}>{`${n} lines`}</option>
        ))}
      </TextField>
      <TextField
        select
        className={classes.select}
        id={`${id}-since`}
        label="Since"
        value={value.sinceSeconds ?? ''}
        SelectProps={{ native: true }}
        // A native select shows an option's text even for the empty value
        // ("any time"): unshrunk, the label would be printed over it.
        InputLabelProps={{ shrink: true }}
        onChange={e =>
          onChange({
            ...value,
            sinceSeconds: e.target.value ? Number(e.target.value) : undefined,
          })
        }
      >
        {SINCE_CHOICES.map(([label, seconds]) => (
          <option key={label} value={seconds ?? ''}>
            {label}
          </option>
        ))}
      </TextField>
      <TextField
        id={`${id}-filter`}
        label="Filter"
        placeholder="text in the line"
        value={filter}
        onChange={e => setFilter(e.target.value)}
      />
      <FormControlLabel
        label="Previous containers"
        control={
          <Checkbox
            checked={value.previous}
            onChange={e => onChange({ ...value, previous: e.target.checked })}
          />
        }
      />
      <Button
        variant="outlined"
        startIcon={paused ? <PlayArrowIcon /> : <PauseIcon />}
        onClick={() => onPausedChange(!paused)}
      >
        {paused ? `Resume${held ? ` (${held} new)` : ''}` : 'Pause'}
      </Button>
    </div>
  );
}
