import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PaasportHomePage } from './PaasportHomePage';

describe('PaasportHomePage', () => {
  it('offers the four capabilities with working links', async () => {
    await renderInTestApp(<PaasportHomePage />);
    expect(screen.getByText('Create a service')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open templates' }),
    ).toHaveAttribute('href', '/create');
    expect(screen.getAllByRole('link')).toHaveLength(4);
  });
});
