import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TeamNamespaceStatus } from '@paasport/plugin-console-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useTeamNamespaces } from '../../hooks/useTeamNamespaces';

const STATUS_LABEL: Record<TeamNamespaceStatus['status'], string> = {
  held: 'in use',
  refused: 'refused',
  missing: 'not created yet',
  unverified: 'cluster not answering',
};

/** Props of {@link TeamNamespacesCard}. @public */
export interface TeamNamespacesCardProps {
  /** Milliseconds between refreshes; 0 turns refreshing off. */
  refreshIntervalMs?: number;
}

/**
 * A team Group's namespace on each cluster, and for each one the team
 * cannot use, why: claimed by another team too, labelled for another team,
 * not made yet, or on a cluster that does not answer.
 *
 * @public
 */
export function TeamNamespacesCard(props: TeamNamespacesCardProps) {
  const { entity } = useEntity();
  const { value, loading, error } = useTeamNamespaces(
    stringifyEntityRef(entity),
    props.refreshIntervalMs,
  );
  const refused = value?.clusters.filter(c => c.status === 'refused') ?? [];
  return (
    <InfoCard title="Namespaces">
      {!value && loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.clusters.length === 0 && (
        <Typography variant="body2">
          This team claims no namespace on any cluster. Platform admins give a
          team its namespace with the paasport.io/namespace annotation on its
          Group; creating a service from a template makes it.
        </Typography>
      )}
      {refused.length > 0 && (
        <Alert severity="error">
          {refused.length === 1
            ? '1 namespace is refused to this team'
            : `${refused.length} namespaces are refused to this team`}
          : nothing of this team is shown or changed there until platform admins
          resolve it.
        </Alert>
      )}
      {value && value.clusters.length > 0 && (
        <Table size="small" aria-label="Team namespaces per cluster">
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell>Namespace</TableCell>
              <TableCell>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.clusters.map(c => (
              <TableRow key={c.cluster}>
                <TableCell>{c.cluster}</TableCell>
                <TableCell>{c.namespace}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={STATUS_LABEL[c.status]}
                    color={c.status === 'refused' ? 'secondary' : 'default'}
                  />
                  {c.message && (
                    <Typography variant="body2" color="textSecondary">
                      {c.message}
                    </Typography>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
