import { Entity } from '@backstage/catalog-model';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { fakeDecommissionApi, legacySystem } from './__testUtils__/fixtures';
import decommissionPlugin from './alpha';
import { decommissionApiRef } from './api';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'storefront' },
  spec: { type: 'team', children: [] },
};
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-api' },
  spec: { type: 'service' },
};

jest.setTimeout(30_000);

describe('decommission plugin in a new-frontend-system app', () => {
  it('provides the decommission API', () => {
    const tester = createExtensionTester(
      decommissionPlugin.getExtension('api:decommission'),
    );
    expect(tester.get(ApiBlueprint.dataRefs.factory).api.id).toBe(
      'plugin.decommission.service',
    );
  });

  it('puts "Decommission" in the menu of Components and Systems only', () => {
    const tester = createExtensionTester(
      decommissionPlugin.getExtension(
        'entity-context-menu-item:decommission/decommission',
      ),
    );
    const filter = tester.get(
      EntityContextMenuItemBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(legacySystem)).toBe(true);
    expect(filter(component)).toBe(true);
    expect(filter(group)).toBe(false);
  });

  it('offers an overview card, off by default', async () => {
    const extension = decommissionPlugin.getExtension(
      'entity-card:decommission/decommission',
    );
    const tester = createExtensionTester(extension);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');

    // Always on: once it shows, an enabled decommission card would too.
    const probe = EntityCardBlueprint.make({
      name: 'probe',
      params: { loader: async () => <div>probe card</div> },
    });
    const render = (enabled: boolean) =>
      renderTestApp({
        extensions: [
          createTestEntityPage({ entity: legacySystem }),
          probe,
          extension,
        ],
        config: enabled
          ? {
              app: {
                extensions: [{ 'entity-card:decommission/decommission': true }],
              },
            }
          : {},
        apis: [
          [decommissionApiRef, fakeDecommissionApi()],
          mockApis.permission(),
        ],
      });

    const off = render(false);
    expect(await screen.findByText('probe card')).toBeInTheDocument();
    expect(screen.queryByText(/Removes the application/)).toBeNull();
    off.unmount();

    render(true);
    expect(
      await screen.findByRole('button', { name: 'Decommission' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Removes the application/)).toBeInTheDocument();
  });
});
