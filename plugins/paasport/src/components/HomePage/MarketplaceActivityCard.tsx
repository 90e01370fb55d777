import { InfoCard, Link, Progress } from '@backstage/core-components';
import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import ListSubheader from '@material-ui/core/ListSubheader';
import Typography from '@material-ui/core/Typography';
import { InstanceRequest } from '@paasport/plugin-marketplace-common';
import { Link as RouterLink } from 'react-router-dom';
import { useMyMarketplace } from '../../hooks/useMyMarketplace';

const STATE_WORDS: Record<string, string> = {
  pending: 'queued',
  awaiting_approval: 'awaiting approval',
  provisioning: 'provisioning',
  failed: 'failed',
  deprovisioning: 'deprovisioning',
};

function RequestLine(props: { request: InstanceRequest; who?: boolean }) {
  const { request, who } = props;
  const team = request.team.replace(/^group:(default\/)?/, '');
  const by = request.createdBy.replace(/^user:(default\/)?/, '');
  return (
    <ListItem>
      <ListItemText
        primary={
          <Link to={`/marketplace/instances/${encodeURIComponent(request.id)}`}>
            {request.name}
          </Link>
        }
        secondary={`${request.offeringId} · ${request.planId} · ${team}${
          who ? ` · asked by ${by}` : ''
        }`}
      />
      <Chip
        size="small"
        variant="outlined"
        color={request.state === 'failed' ? 'secondary' : 'default'}
        label={STATE_WORDS[request.state] ?? request.state}
      />
    </ListItem>
  );
}

/**
 * The person's marketplace requests still in flight, and the requests that
 * wait for their approval.
 *
 * @internal
 */
export function MarketplaceActivityCard() {
  const { loading, error, value } = useMyMarketplace();
  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || !value.installed) {
    body = (
      <Typography color="textSecondary">
        The middleware marketplace is not installed in this portal.
      </Typography>
    );
  } else if (value.open.length === 0 && value.approvals.length === 0) {
    body = (
      <>
        <Typography color="textSecondary" paragraph>
          No requests in flight and nothing waits for your approval. Request
          MySQL, Redis or Kafka for an application and its credentials arrive in
          the application's namespace.
        </Typography>
        <Button component={RouterLink} to="/marketplace" color="primary">
          Browse middleware
        </Button>
      </>
    );
  } else {
    body = (
      <>
        {value.approvals.length > 0 && (
          <List
            dense
            aria-label="Waiting for your approval"
            subheader={
              <ListSubheader disableSticky>
                Waiting for your approval ({value.approvals.length}) ·{' '}
                <Link to="/marketplace/approvals">decide</Link>
              </ListSubheader>
            }
          >
            {value.approvals.map(r => (
              <RequestLine key={r.id} request={r} who />
            ))}
          </List>
        )}
        {value.open.length > 0 && (
          <List
            dense
            aria-label="Your open requests"
            subheader={
              <ListSubheader disableSticky>Your open requests</ListSubheader>
            }
          >
            {value.open.map(r => (
              <RequestLine key={r.id} request={r} />
            ))}
          </List>
        )}
      </>
    );
  }
  return <InfoCard title="Middleware requests">{body}</InfoCard>;
}
