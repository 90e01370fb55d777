import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';
import { DateTime } from 'luxon';

/** Props of {@link StaleMarker}. @public */
export interface StaleMarkerProps {
  cluster: string;
  /** The console's cache freshness of that cluster (`CacheFreshness`). */
  freshness?: { stale: boolean; staleSince?: string };
}

/**
 * Marks data of a cluster whose watch dropped (a column, a cell): it shows
 * what the cluster said last, not what runs there now, and since when.
 * Nothing when the cluster is fresh.
 *
 * @public
 */
export function StaleMarker(props: StaleMarkerProps) {
  const { cluster, freshness } = props;
  if (!freshness?.stale) return null;
  const since = freshness.staleSince
    ? DateTime.fromISO(freshness.staleSince)
    : undefined;
  const age = since?.isValid ? since.toRelative() : undefined;
  return (
    <Tooltip
      title={`Possibly out of date${
        since?.isValid
          ? ` since ${since.toLocaleString(DateTime.DATETIME_MED)}`
          : ''
      }: the connection to ${cluster} is being re-established; what is shown is what it said last.`}
    >
      <Chip
        size="small"
        icon={<WarningIcon />}
        label={age ? `stale since ${age}` : 'stale'}
      />
    </Tooltip>
  );
}
