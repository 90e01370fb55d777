import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { Link as RouterLink } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { attentionItems } from '../../lib/attention';
import { serviceHealthRows } from '../../lib/serviceHealth';
import { useMyServices } from '../../hooks/useMyServices';
import { AttentionCard } from './AttentionCard';
import { MarketplaceActivityCard } from './MarketplaceActivityCard';
import { QuickActions } from './QuickActions';
import { TeamServicesCard } from './TeamServicesCard';

function Greeting() {
  const identityApi = useApi(identityApiRef);
  const { value: profile } = useAsync(
    () => identityApi.getProfileInfo(),
    [identityApi],
  );
  const name = profile?.displayName?.split(' ')[0];
  return (
    <Header
      title={name ? `Welcome, ${name}` : 'Welcome'}
      subtitle="Your teams' services on every cluster, and where to start"
    />
  );
}

/**
 * Paasport's home page, the landing page after sign-in: the actions a
 * developer starts from, what needs attention among their teams' services,
 * their middleware requests and approvals, and every service of their
 * teams with its health, release and error rate per cluster.
 *
 * @public
 */
export function HomePage() {
  const { loading, error, value } = useMyServices();
  const rows = (value?.teams ?? []).flatMap(
    t =>
      serviceHealthRows(
        t.services.map(s => stringifyEntityRef(s)),
        t.releases,
        t.signals,
      ).rows,
  );
  let services;
  if (loading && !value) {
    services = <Progress />;
  } else if (error && !value) {
    services = <ResponseErrorPanel error={error} />;
  } else if (value && value.me.teams.length === 0) {
    services = (
      <EmptyState
        missing="data"
        title="You are not in a team yet"
        description="Teams own services and their namespaces on the clusters. Ask a platform admin to add you to your team's Group in the catalog; until then you can browse every application."
        action={
          <Button
            component={RouterLink}
            to="/catalog?filters[kind]=system"
            color="primary"
            variant="contained"
          >
            Browse applications
          </Button>
        }
      />
    );
  } else {
    services = (value?.teams ?? []).map(team => (
      <Grid item xs={12} key={team.team}>
        <TeamServicesCard team={team} />
      </Grid>
    ));
  }
  return (
    <Page themeId="home">
      <Greeting />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <QuickActions />
          </Grid>
          <Grid item xs={12} md={7}>
            {value ? (
              <AttentionCard items={attentionItems(rows)} />
            ) : (
              <Progress />
            )}
          </Grid>
          <Grid item xs={12} md={5}>
            <MarketplaceActivityCard />
          </Grid>
          {Array.isArray(services) ? (
            services
          ) : (
            <Grid item xs={12}>
              {services}
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}
