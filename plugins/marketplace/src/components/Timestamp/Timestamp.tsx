import Tooltip from '@material-ui/core/Tooltip';
import { formatTime } from '../../lib/format';

/** A relative time ("3 minutes ago") with the exact time on hover. */
export function Timestamp({ iso }: { iso: string }) {
  const { relative, exact } = formatTime(iso);
  return (
    <Tooltip title={exact}>
      <time dateTime={iso}>{relative}</time>
    </Tooltip>
  );
}
