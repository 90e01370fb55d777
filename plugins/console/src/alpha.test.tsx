import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { fakeConsoleApi } from './__testUtils__/fakeConsoleApi';
import {
  releasesWithFailingProd,
  shopMatrix,
  shopSystem,
  shopWeb,
} from './__testUtils__/fixtures';
import consolePlugin from './alpha';
import { consoleApiRef } from './api';

const labelled: Entity = {
  ...shopWeb,
  metadata: {
    name: 'shop-batch',
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=shop-batch' },
  },
};
const unannotated: Entity = {
  ...shopWeb,
  metadata: { name: 'docs-site', annotations: {} },
};

describe('console plugin in a new-frontend-system app', () => {
  it('provides the console API', () => {
    const tester = createExtensionTester(
      consolePlugin.getExtension('api:console'),
    );
    expect(tester.get(ApiBlueprint.dataRefs.factory).api.id).toBe(
      'plugin.console.service',
    );
  });

  it.each([
    ['entity-content:console/releases', '/releases', 'Releases', 'deployment'],
    ['entity-content:console/logs', '/logs', 'Logs', 'observability'],
    ['entity-content:console/metrics', '/metrics', 'Metrics', 'observability'],
  ] as const)(
    '%s is a tab of annotated Components only',
    (id, path, title, group) => {
      const tester = createExtensionTester(consolePlugin.getExtension(id));
      expect(tester.get(coreExtensionData.routePath)).toBe(path);
      expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(title);
      expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(group);
      const filter = tester.get(
        EntityContentBlueprint.dataRefs.filterFunction,
      )!;
      expect(filter(shopWeb)).toBe(true);
      expect(filter(labelled)).toBe(true);
      expect(filter(unannotated)).toBe(false);
      expect(filter(shopSystem)).toBe(false);
    },
  );

  it('gives Systems a Releases tab with the fleet matrix', () => {
    const tester = createExtensionTester(
      consolePlugin.getExtension('entity-content:console/fleet'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/releases');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Releases');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(shopSystem)).toBe(true);
    expect(filter(shopWeb)).toBe(false);
  });

  it('gives team Groups a Namespaces card, and nothing else', () => {
    const tester = createExtensionTester(
      consolePlugin.getExtension('entity-card:console/team-namespaces'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(
      filter({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'storefront' },
        spec: { type: 'team' },
      }),
    ).toBe(true);
    expect(filter(shopWeb)).toBe(false);
    expect(filter(shopSystem)).toBe(false);
  });

  it('renders the Component Releases tab on an entity page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: shopWeb }),
        consolePlugin.getExtension('entity-content:console/releases'),
      ],
      apis: [
        [
          consoleApiRef,
          fakeConsoleApi({
            getReleases: jest.fn(async () => releasesWithFailingProd()),
          }),
        ],
        mockApis.permission(),
      ],
    });
    expect(
      await screen.findByRole('table', {
        name: 'Revisions of shop-web on dev',
      }),
    ).toBeInTheDocument();
  });

  it('renders the System Releases tab on an entity page', async () => {
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: shopSystem }),
        consolePlugin.getExtension('entity-content:console/fleet'),
      ],
      apis: [
        [
          consoleApiRef,
          fakeConsoleApi({ getReleaseMatrix: jest.fn(async () => shopMatrix) }),
        ],
      ],
    });
    expect(
      await screen.findByRole('table', { name: 'Releases per cluster' }),
    ).toBeInTheDocument();
  });
});
