import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useLatestRun } from '../../hooks/useLatestRun';
import { DecommissionButton } from '../DecommissionButton';

/**
 * A card with what decommissioning the page's entity means, its last run,
 * and the button that starts one.
 *
 * @public
 */
export function EntityDecommissionCard() {
  const { entity } = useEntity();
  const latest = useLatestRun(stringifyEntityRef(entity));
  const system = entity.kind.toLowerCase() === 'system';
  return (
    <InfoCard title="Decommission">
      <Typography variant="body2" paragraph>
        {system
          ? 'Removes the application: its services on every cluster, their pipelines, its middleware, its repositories (archived) and its catalog entries.'
          : 'Removes the service: its workloads and namespace objects on every cluster, its pipelines, its repository (archived) and its catalog entry.'}{' '}
        You see everything before anything is removed.
      </Typography>
      {latest.value && (
        <Typography variant="body2" paragraph>
          Last decommission: {latest.value.status} (
          {new Date(latest.value.updatedAt).toLocaleString()})
        </Typography>
      )}
      <DecommissionButton />
    </InfoCard>
  );
}
