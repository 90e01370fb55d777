import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { PaasportPage, paasportPlugin } from './plugin';
import { rootRouteRef } from './routes';

describe('paasport plugin in a legacy app', () => {
  it('exposes its root route and renders the routable page on its path', async () => {
    expect(paasportPlugin.routes.root).toBe(rootRouteRef);
    await renderInTestApp(
      <Routes>
        <Route path="/paasport" element={<PaasportPage />} />
      </Routes>,
      { routeEntries: ['/paasport'] },
    );
    expect(await screen.findByText('Create a service')).toBeInTheDocument();
  });
});
