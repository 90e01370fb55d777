import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useEntityByRef } from '../../hooks/useEntityByRef';
import { useOfferings } from '../../hooks/useOfferings';
import { instanceRouteRef } from '../../routes';
import { RequestWizard } from '../RequestWizard';
import { SubPageLayout } from '../SubPageLayout';

/**
 * The request wizard's page for `/request/:offeringId/:planId`; `?for=` an
 * entity ref preselects the application.
 */
export function RequestWizardPage() {
  const { offeringId = '', planId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const instanceRoute = useRouteRef(instanceRouteRef);
  const offerings = useOfferings();
  const initial = useEntityByRef(search.get('for'));

  const offering = offerings.value?.find(o => o.id === offeringId);
  const plan = offering?.plans.find(p => p.id === planId);
  const title = offering && plan ? `Request ${offering.title}` : 'Request';

  let body;
  if (offerings.loading || initial.loading) {
    body = <Progress />;
  } else if (offerings.error) {
    body = <ResponseErrorPanel error={offerings.error} />;
  } else if (!offering || !plan) {
    body = (
      <EmptyState
        missing="data"
        title="No such plan"
        description={`The marketplace offers no plan ${offeringId}/${planId}.`}
      />
    );
  } else {
    body = (
      <InfoCard title={`${offering.title}: ${plan.title}`}>
        <RequestWizard
          offering={offering}
          plan={plan}
          initialEntity={initial.value}
          onCreated={request => navigate(instanceRoute({ id: request.id }))}
        />
      </InfoCard>
    );
  }
  return (
    <SubPageLayout title={title} subtitle={plan?.description}>
      {body}
    </SubPageLayout>
  );
}
