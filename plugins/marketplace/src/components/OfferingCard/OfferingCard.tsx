import { InfoCard } from '@backstage/core-components';
import {
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import { PlanComparisonTable } from '../PlanComparisonTable';

/** Props of {@link OfferingCard}. */
export interface OfferingCardProps {
  offering: MarketplaceOffering;
  requestLink: (plan: MarketplacePlan) => string;
}

/** One kind of middleware with its plans. */
export function OfferingCard({ offering, requestLink }: OfferingCardProps) {
  return (
    <section aria-label={offering.title}>
      <InfoCard
        title={offering.title}
        subheader={offering.description}
        noPadding
      >
        <PlanComparisonTable offering={offering} requestLink={requestLink} />
      </InfoCard>
    </section>
  );
}
