import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { useEntityStatus } from '../../hooks/useEntityStatus';
import { ServiceHealthTable } from '../ServiceHealthTable';

/**
 * The first card of a Component's or System's overview: health, current
 * release, error rate and p95 on every cluster, and what the tenancy model
 * keeps from view.
 *
 * @internal
 */
export function EntityStatusCard() {
  const { entity } = useEntity();
  const { loading, error, value } = useEntityStatus(entity);
  const name = entity.metadata.title ?? entity.metadata.name;
  let body;
  if (loading && !value) {
    body = <Progress />;
  } else if (error && !value) {
    body = <ResponseErrorPanel error={error} />;
  } else if (value) {
    body = (
      <>
        <ServiceHealthTable
          name={name}
          services={value.services}
          releases={value.releases}
          signals={value.signals}
        />
        {(value.releases.problems ?? []).map(problem => (
          <Typography key={problem} variant="body2" color="error">
            {problem}
          </Typography>
        ))}
      </>
    );
  }
  return (
    <InfoCard
      title="Status on every cluster"
      subheader="Health, current release and error rate of the last 5 minutes"
      noPadding
    >
      {body}
    </InfoCard>
  );
}
