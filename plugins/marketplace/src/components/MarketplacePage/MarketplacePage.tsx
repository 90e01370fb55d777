import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { ApprovalsContent } from '../ApprovalsContent';
import { InstancePage } from '../InstancePage';
import { InstancesContent } from '../InstancesContent';
import { OfferingsContent } from '../OfferingsContent';
import { RequestWizardPage } from '../RequestWizardPage';

/** Props of {@link MarketplacePage}. @public */
export interface MarketplacePageProps {
  /** Milliseconds between status refreshes of the lists; 0: never. */
  refreshIntervalMs?: number;
}

function MarketplaceHome({ refreshIntervalMs }: MarketplacePageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Marketplace"
        subtitle="MySQL, Redis and Kafka for your applications, with credentials delivered to their namespace"
      />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Offerings">
          <OfferingsContent />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/instances" title="My instances">
          <InstancesContent refreshIntervalMs={refreshIntervalMs} />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/approvals" title="Approvals">
          <ApprovalsContent refreshIntervalMs={refreshIntervalMs} />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}

/**
 * The marketplace: offerings with plan comparison, my instances, the
 * approvals queue, the request wizard and each instance's page.
 *
 * @public
 */
export function MarketplacePage(props: MarketplacePageProps) {
  return (
    <Routes>
      <Route
        path="/request/:offeringId/:planId"
        element={<RequestWizardPage />}
      />
      <Route path="/instances/:id" element={<InstancePage />} />
      <Route path="/*" element={<MarketplaceHome {...props} />} />
    </Routes>
  );
}
