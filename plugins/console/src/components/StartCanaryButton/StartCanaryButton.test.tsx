import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WorkloadReleases } from '@paasport/plugin-console-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { canarySummary } from '../../__testUtils__/canaryFixtures';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { workload } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { WorkloadCanaryState } from '../../hooks/useCanaryAvailability';
import { StartCanaryButton } from './StartCanaryButton';

type Authorize = Parameters<typeof renderWithEntity>[1]['authorize'];

const owner: Authorize = { 'console.workload.canary': AuthorizeResult.ALLOW };

async function renderButton(
  shown: WorkloadReleases = workload(),
  canaries: WorkloadCanaryState = {},
  authorize: Authorize = owner,
) {
  await renderWithEntity(
    <StartCanaryButton
      cluster="dev"
      workload={shown}
      canaries={canaries}
      onStarted={jest.fn()}
    />,
    { api: fakeConsoleApi(), authorize },
  );
  return screen.getByRole('button', { name: 'Start canary' });
}

describe('StartCanaryButton', () => {
  it('opens the dialog for an owner of an unmanaged Deployment', async () => {
    const button = await renderButton();
    expect(button).toBeEnabled();
    expect(button).not.toHaveAttribute('aria-describedby');
    await userEvent.setup().click(button);
    expect(
      await screen.findByRole('dialog', {
        name: 'Start a canary of shop-web on dev',
      }),
    ).toBeInTheDocument();
  });

  it('is disabled with an explanation without the canary permission', async () => {
    // Rollback alone does not let one start a canary.
    const button = await renderButton(
      workload(),
      {},
      {
        'console.workload.rollback': AuthorizeResult.ALLOW,
      },
    );
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'You are not allowed to start a canary of component:default/shop-web: only its owners and admins can.',
    );
  });

  it('is disabled for a StatefulSet', async () => {
    const button = await renderButton(
      workload({ kind: 'StatefulSet', name: 'payments-ledger-db' }),
    );
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'Canaries run on Deployments; payments-ledger-db is a StatefulSet.',
    );
  });

  it.each([
    ['helm', /Managed by Helm release 'shop-web'.*with Helm instead/],
    ['argocd', /Managed by Argo CD application 'shop-web'/],
    ['flux', /Reconciled by Flux 'shop-web'/],
  ] as const)(
    'is disabled when %s manages the Deployment',
    async (manager, text) => {
      const button = await renderButton(
        workload({ owner: { manager, name: 'shop-web', evidence: [] } }),
      );
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(text);
    },
  );

  it('is disabled while a canary of the Deployment runs', async () => {
    const button = await renderButton(workload(), {
      running: canarySummary(),
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'A canary of shop-web is already running on dev.',
    );
  });

  it('is disabled on the canary Deployment itself', async () => {
    const button = await renderButton(workload({ name: 'shop-web-canary' }), {
      canaryOf: canarySummary(),
    });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      /the canary Deployment of shop-web/,
    );
  });

  it('is disabled on a canary Deployment the backend marks, even before the canaries load', async () => {
    const button = await renderButton(
      workload({ name: 'shop-web-canary', canaryId: 'c-1' }),
      { loading: true },
    );
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      /the canary Deployment of a canary release/,
    );
  });

  it('waits for the canaries before enabling', async () => {
    await renderWithEntity(
      <>
        <StartCanaryButton
          cluster="dev"
          workload={workload()}
          canaries={{ loading: true }}
          onStarted={jest.fn()}
        />
        <StartCanaryButton
          cluster="prod"
          workload={workload()}
          canaries={{}}
          onStarted={jest.fn()}
        />
      </>,
      { api: fakeConsoleApi(), authorize: owner },
    );
    const [loading, loaded] = screen.getAllByRole('button', {
      name: 'Start canary',
    });
    // Once the permission is known (the loaded one enables), the other
    // still waits for the list.
    await waitFor(() => expect(loaded).toBeEnabled());
    expect(loading).toBeDisabled();
  });
});
