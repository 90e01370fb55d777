import { CacheFreshness } from '@paasport/plugin-console-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import WarningIcon from '@material-ui/icons/Warning';
import { DateTime } from 'luxon';

/** Props of {@link StaleMarker}. @internal */
export interface StaleMarkerProps {
  cluster: string;
  freshness?: CacheFreshness;
}

/**
 * Marks a cluster's column whose data comes from a watch that dropped: the
 * cells show what the cluster said last, not what runs there now.
 *
 * @internal
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
      }: the connection to ${cluster} is being re-established; this column shows what it said last.`}
    >
      <Chip
        size="small"
        icon={<WarningIcon />}
        label={age ? `stale since ${age}` : 'stale'}
      />
    </Tooltip>
  );
}
