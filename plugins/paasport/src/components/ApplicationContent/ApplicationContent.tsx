import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import { useApplicationReleases } from '../../hooks/useApplicationReleases';
import { useApplicationServices } from '../../hooks/useApplicationServices';
import { ApplicationAbout } from '../ApplicationAbout';
import { ApplicationDependencies } from '../ApplicationDependencies';
import { MarketplaceInstances } from '../MarketplaceInstances';
import { ServiceHealthTable } from '../ServiceHealthTable';

/** Props of {@link ApplicationContent}. @public */
export interface ApplicationContentProps {
  /** How often the health is refreshed; 0 never. Default 30 s. */
  refreshIntervalMs?: number;
}

/**
 * The application page of a System: owners and links, its services with
 * their health and current release on every cluster, and what they depend
 * on, middleware included.
 *
 * @public
 */
export function ApplicationContent(props: ApplicationContentProps) {
  const { entity } = useEntity();
  const systemRef = stringifyEntityRef(entity);
  const services = useApplicationServices(entity);
  const releases = useApplicationReleases(
    systemRef,
    props.refreshIntervalMs ?? 30_000,
  );
  const name = entity.metadata.name;

  let health: JSX.Element;
  if (services.error) {
    health = <ResponseErrorPanel error={services.error} />;
  } else if (!services.value || !releases.value) {
    health = releases.error ? (
      <ResponseErrorPanel error={releases.error} />
    ) : (
      <Progress />
    );
  } else {
    health = (
      <>
        {releases.error && <ResponseErrorPanel error={releases.error} />}
        <ServiceHealthTable
          name={name}
          services={services.value}
          releases={releases.value}
        />
      </>
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="About">
          <ApplicationAbout
            system={entity}
            serviceCount={services.value?.length ?? 0}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard
          title="Services"
          subheader="Health and current release per cluster"
        >
          {health}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Dependencies and middleware">
          <ApplicationDependencies system={entity} services={services.value}>
            <MarketplaceInstances systemRef={systemRef} name={name} />
          </ApplicationDependencies>
        </InfoCard>
      </Grid>
    </Grid>
  );
}
