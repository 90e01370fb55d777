import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { screen } from '@testing-library/react';
import paasportPlugin from './alpha';

describe('paasport plugin in a new-frontend-system app', () => {
  it('mounts its home page at /paasport with a nav title', async () => {
    const tester = createExtensionTester(
      paasportPlugin.getExtension('page:paasport'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/paasport');
    expect(tester.get(coreExtensionData.title)).toBe('Paasport');

    renderInTestApp(tester.reactElement());
    expect(
      await screen.findByText('Middleware marketplace'),
    ).toBeInTheDocument();
  });
});
