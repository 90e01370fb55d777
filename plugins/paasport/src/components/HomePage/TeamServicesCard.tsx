import { InfoCard } from '@backstage/core-components';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { TeamServices } from '../../hooks/useMyServices';
import { ServiceHealthTable } from '../ServiceHealthTable';

/**
 * One team's services: health, current release, error rate and p95 on every
 * cluster; or, for a team with none, where to start.
 *
 * @internal
 */
export function TeamServicesCard(props: { team: TeamServices }) {
  const { team, services, releases, signals } = props.team;
  const name = humanizeEntityRef(parseEntityRef(team), {
    defaultKind: 'group',
  });
  const teamPath = `/catalog/${parseEntityRef(team).namespace}/group/${
    parseEntityRef(team).name
  }`;
  return (
    <InfoCard
      title={`${name}'s services`}
      deepLink={{ title: `Team ${name}`, link: teamPath }}
      noPadding={services.length > 0}
    >
      {services.length === 0 ? (
        <>
          <Typography color="textSecondary" paragraph>
            {name} owns no services yet. Create one from a template: it gets a
            repository, a pipeline and a namespace on every cluster.
          </Typography>
          <Button
            component={RouterLink}
            to="/create"
            color="primary"
            variant="outlined"
          >
            Create a service
          </Button>
        </>
      ) : (
        <ServiceHealthTable
          name={name}
          services={services}
          releases={releases}
          signals={signals}
        />
      )}
    </InfoCard>
  );
}
