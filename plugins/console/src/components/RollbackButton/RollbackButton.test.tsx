import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WorkloadReleases } from '@paasport/plugin-console-common';
import { screen } from '@testing-library/react';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { revision, workload } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { RollbackButton } from './RollbackButton';

type Authorize = Parameters<typeof renderWithEntity>[1]['authorize'];

/** An owner who is not an admin: may roll back, may not force. */
const owner: Authorize = {
  'console.workload.rollback': AuthorizeResult.ALLOW,
  'console.workload.forceRollback': AuthorizeResult.DENY,
};

const helmManaged = () =>
  workload({
    owner: {
      manager: 'helm',
      name: 'shop-web',
      evidence: ['label app.kubernetes.io/managed-by=Helm'],
    },
  });

async function renderButton(
  shown: WorkloadReleases,
  authorize: Authorize = owner,
) {
  await renderWithEntity(
    <RollbackButton
      entityRef="component:default/shop-web"
      cluster="dev"
      workload={shown}
      onRolledBack={jest.fn()}
    />,
    { api: fakeConsoleApi(), authorize },
  );
  return screen.getByRole('button', { name: 'Roll back' });
}

describe('RollbackButton', () => {
  it('is enabled for an owner of an unmanaged, running Deployment', async () => {
    const button = await renderButton(workload());
    expect(button).toBeEnabled();
    expect(button).not.toHaveAttribute('aria-describedby');
  });

  it('is disabled with an explanation when the user lacks permission', async () => {
    const button = await renderButton(workload(), AuthorizeResult.DENY);
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'You are not allowed to roll back component:default/shop-web: only its owners and admins can.',
    );
  });

  it('explains how to roll back a Helm release instead', async () => {
    const button = await renderButton(helmManaged());
    expect(button).toBeDisabled();
    expect(screen.getByText(/helm rollback shop-web/)).toBeInTheDocument();
    expect(screen.queryByText(/force/)).not.toBeInTheDocument();
  });

  it('offers admins to force the rollback of a managed workload, with the guidance', async () => {
    await renderWithEntity(
      <RollbackButton
        entityRef="component:default/shop-web"
        cluster="dev"
        workload={helmManaged()}
        onRolledBack={jest.fn()}
      />,
      { api: fakeConsoleApi(), authorize: AuthorizeResult.ALLOW },
    );
    const button = await screen.findByRole('button', {
      name: 'Force roll back',
    });
    expect(button).toBeEnabled();
    expect(button).toHaveAccessibleDescription(
      /helm rollback shop-web.*As an admin you can force the rollback anyway\./,
    );
  });

  it.each([
    ['argocd', /revert the change in Git, or use Argo CD/i],
    ['flux', /suspend the Flux object first/],
  ] as const)(
    'explains that %s would revert a rollback',
    async (manager, text) => {
      const button = await renderButton(
        workload({ owner: { manager, evidence: [] } }),
      );
      expect(button).toBeDisabled();
      expect(screen.getByText(text)).toBeInTheDocument();
    },
  );

  it('tells to resume a paused Deployment first', async () => {
    const button = await renderButton(workload({ paused: true }));
    expect(button).toBeDisabled();
    expect(
      screen.getByText(
        /kubectl rollout resume deployment\/shop-web -n storefront/,
      ),
    ).toBeInTheDocument();
  });

  it("is disabled on a canary release's own Deployment, saying what to do", async () => {
    const button = await renderButton(
      workload({ name: 'shop-web-canary', canaryId: 'c-1' }),
    );
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      /abort or promote the canary instead/,
    );
  });

  it('is enabled for StatefulSets', async () => {
    const button = await renderButton(
      workload({ kind: 'StatefulSet', name: 'payments-ledger-db' }),
    );
    expect(button).toBeEnabled();
  });

  it('explains that an OnDelete StatefulSet would not roll out, and how to switch it', async () => {
    const button = await renderButton(
      workload({
        kind: 'StatefulSet',
        name: 'payments-ledger-db',
        rollbackWouldNotRollOut:
          'StatefulSet storefront/payments-ledger-db uses the OnDelete update strategy: a rollback would change no pod until each is deleted by hand. Switch it to RollingUpdate first',
      }),
    );
    expect(button).toBeDisabled();
    expect(
      screen.getByText(
        /OnDelete update strategy.*kubectl patch statefulset payments-ledger-db -n storefront/,
      ),
    ).toBeInTheDocument();
  });

  it('is disabled when there is nothing to roll back to', async () => {
    const button = await renderButton(
      workload({ revisions: [revision(3, 'current')] }),
    );
    expect(button).toBeDisabled();
    expect(
      screen.getByText('There is no earlier revision to roll back to.'),
    ).toBeInTheDocument();
  });
});
