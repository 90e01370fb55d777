import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CancelIcon from '@material-ui/icons/Cancel';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { FieldFilter, filterLabel } from '../../logs/fieldFilters';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** Props of {@link LogViewOptions}. @internal */
export interface LogViewOptionsProps {
  view: 'raw' | 'table';
  onViewChange: (view: 'raw' | 'table') => void;
  filters: FieldFilter[];
  onRemoveFilter: (filter: FieldFilter) => void;
  /** Lines shown with the filters, and in all. */
  shown: number;
  total: number;
}

/**
 * How the lines are shown (as written, or fields as columns) and the field
 * filters picked in the table, each removable. Unlike the stream options,
 * nothing here asks the backend again.
 *
 * @internal
 */
export function LogViewOptions(props: LogViewOptionsProps) {
  const { view, onViewChange, filters, onRemoveFilter, shown, total } = props;
  const classes = useStyles();
  return (
    <div className={classes.root}>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={view}
        aria-label="Show lines"
        onChange={(_, next) => next && onViewChange(next)}
      >
        <ToggleButton value="raw">Raw</ToggleButton>
        <ToggleButton value="table">Fields</ToggleButton>
      </ToggleButtonGroup>
      {filters.map(filter => (
        <Chip
          key={`${filter.on}:${filterLabel(filter)}`}
          size="small"
          label={filterLabel(filter)}
          onDelete={() => onRemoveFilter(filter)}
          deleteIcon={
            <CancelIcon titleAccess={`Remove filter ${filterLabel(filter)}`} />
          }
        />
      ))}
      {filters.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {`${shown} of ${total} lines`}
        </Typography>
      )}
    </div>
  );
}
