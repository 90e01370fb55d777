import { StructuredMetadataTable } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  MarketplaceOffering,
  MarketplacePlan,
} from '@paasport/plugin-marketplace-common';
import { formatSize } from '../../lib/format';
import { QuotaSummary } from '../QuotaSummary';
import type { ApplicationChoice } from '../RequestWizard/choice';

/** Props of {@link RequestReview}. */
export interface RequestReviewProps {
  offering: MarketplaceOffering;
  plan: MarketplacePlan;
  choice: ApplicationChoice;
  application: string;
  /** The owning team, once the catalog said. */
  team?: string;
  parameters: JsonObject;
}

/** Everything the request will ask for, before it is sent. */
export function RequestReview(props: RequestReviewProps) {
  const { offering, plan, choice, application, team, parameters } = props;
  const metadata: Record<string, string> = {
    Offering: offering.title,
    Plan: plan.title,
    Name: choice.name,
    Application: application,
  };
  if (choice.entity && choice.entity.kind.toLowerCase() === 'component') {
    metadata.Component = stringifyEntityRef(choice.entity);
  }
  metadata.Cluster = choice.cluster || 'Default';
  metadata.Size = formatSize(plan.sizeGb);
  metadata['High availability'] = plan.ha ? 'Yes' : 'No';
  metadata.Approval = plan.requiresApproval
    ? 'Required: the instance is created once an approver agrees'
    : 'None';
  metadata.Credentials = choice.bindNow
    ? `Secret ${choice.name}-${choice.bindingName} once ready`
    : 'Add a binding later';
  for (const [key, value] of Object.entries(parameters)) {
    metadata[`Parameter ${key}`] =
      typeof value === 'string' ? value : JSON.stringify(value);
  }
  return (
    <>
      {/* Keys are written as shown; the default start-casing would mangle them. */}
      <StructuredMetadataTable
        metadata={metadata}
        options={{ titleFormat: (key: string) => key }}
      />
      {team && <QuotaSummary team={team} addsGb={plan.sizeGb} />}
    </>
  );
}
