import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { MarketplacePlan } from '@paasport/plugin-marketplace-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import { useSearchParams } from 'react-router-dom';
import { useOfferings } from '../../hooks/useOfferings';
import { requestRouteRef } from '../../routes';
import { OfferingCard } from '../OfferingCard';

/**
 * The offerings tab: MySQL, Redis, Kafka and whatever else the platform team
 * configured, each with its plans compared. A `for` query parameter (an
 * entity ref, set by the Middleware tab) is passed on to the wizard.
 */
export function OfferingsContent() {
  const { value, loading, error, retry } = useOfferings();
  const requestRoute = useRouteRef(requestRouteRef);
  const [search] = useSearchParams();
  const forEntity = search.get('for');

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.length) {
    return (
      <EmptyState
        missing="data"
        title="Nothing on offer yet"
        description="The platform team has not configured any offerings (marketplace.offerings)."
        action={
          <Button variant="outlined" onClick={retry}>
            Reload
          </Button>
        }
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {value.map(offering => {
        const requestLink = (plan: MarketplacePlan) => {
          const path = requestRoute({
            offeringId: offering.id,
            planId: plan.id,
          });
          return forEntity
            ? `${path}?for=${encodeURIComponent(forEntity)}`
            : path;
        };
        return (
          <Grid item xs={12} xl={6} key={offering.id}>
            <OfferingCard offering={offering} requestLink={requestLink} />
          </Grid>
        );
      })}
    </Grid>
  );
}
