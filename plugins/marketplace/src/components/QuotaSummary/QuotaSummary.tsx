import { Progress } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useTeamQuota } from '../../hooks/useTeamQuota';
import { formatSize } from '../../lib/format';

/** Props of {@link QuotaSummary}. */
export interface QuotaSummaryProps {
  /** The team (Group entity ref) whose quota counts. */
  team: string;
  /** Size the new request would add, GiB. */
  addsGb: number;
}

/**
 * The team's usage against its quota and what this request adds, warning
 * before the backend refuses it.
 */
export function QuotaSummary({ team, addsGb }: QuotaSummaryProps) {
  const { value, loading, error } = useTeamQuota(team);
  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Typography color="textSecondary">
        The quota of {team} could not be read
        {error ? `: ${error.message}` : ''}.
      </Typography>
    );
  }
  const teamName = parseEntityRef(team).name;
  const instancesLeft = value.instances.limit - value.instances.used;
  const sizeLeft = value.sizeGb.limit - value.sizeGb.used;
  return (
    <>
      <Typography>
        Team {teamName} uses {value.instances.used} of {value.instances.limit}{' '}
        instances and {formatSize(value.sizeGb.used)} of{' '}
        {formatSize(value.sizeGb.limit)}; this request adds {formatSize(addsGb)}
        .
      </Typography>
      {(instancesLeft < 1 || sizeLeft < addsGb) && (
        <Alert severity="warning">
          This request exceeds the quota of team {teamName}: deprovision an
          unused instance or ask the platform team for more.
        </Alert>
      )}
    </>
  );
}
