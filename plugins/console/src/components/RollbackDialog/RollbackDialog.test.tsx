import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import {
  badReleaseComparison,
  measurement,
  releaseDiff as diff,
  rollbackStatus as status,
  workload,
} from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { RollbackDialog, RollbackDialogProps } from './RollbackDialog';

function renderDialog(
  api: ReturnType<typeof fakeConsoleApi>,
  props: Partial<RollbackDialogProps> = {},
) {
  const onFinished = jest.fn();
  const onClose = jest.fn();
  renderWithEntity(
    <RollbackDialog
      entityRef="component:default/shop-web"
      cluster="dev"
      workload={workload()}
      {...props}
      onClose={onClose}
      onFinished={onFinished}
      pollIntervalMs={10}
    />,
    { api },
  );
  return { onFinished, onClose };
}

/** Waits for the diff, gives a reason and confirms the default revision. */
async function confirmDefault(user: ReturnType<typeof userEvent.setup>) {
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByRole('table', { name: 'Pod template changes' });
  await user.type(
    within(dialog).getByRole('textbox', { name: 'Reason' }),
    'broken',
  );
  await user.click(
    within(dialog).getByRole('button', { name: 'Roll back to revision 2' }),
  );
  return dialog;
}

// Several screens of user interaction with MUI transitions: slow under CI.
jest.setTimeout(20_000);

describe('RollbackDialog', () => {
  it('shows the diff, requires a reason, and follows the rollout to success', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async (_entity, query) => diff(Number(query.to))),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: status({ message: 'waiting for the controller' }),
      })),
      getRollback: jest
        .fn()
        .mockResolvedValueOnce(
          status({ message: '1 of 2 updated replicas available' }),
        )
        .mockResolvedValueOnce(status({ status: 'succeeded', newRevision: 4 })),
    });
    const { onFinished } = renderDialog(api);

    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back shop-web on dev',
    });
    // Defaults to the revision before the current one.
    const changes = await within(dialog).findByRole('table', {
      name: 'Pod template changes',
    });
    expect(
      within(changes).getByText('registry.local/shop-web:1.2.0'),
    ).toBeInTheDocument();
    expect(api.getReleaseDiff).toHaveBeenLastCalledWith(
      'component:default/shop-web',
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'storefront',
        workload: 'shop-web',
        from: 3,
        to: 2,
      },
    );

    // Choosing another revision compares against that one.
    await user.selectOptions(
      within(dialog).getByLabelText('Revision to restore'),
      '1',
    );
    expect(
      await within(dialog).findByText('registry.local/shop-web:1.1.0'),
    ).toBeInTheDocument();
    const confirm = within(dialog).getByRole('button', {
      name: 'Roll back to revision 1',
    });
    expect(confirm).toBeDisabled();

    const reason = within(dialog).getByRole('textbox', { name: 'Reason' });
    await user.type(reason, 'ab');
    await user.tab();
    expect(confirm).toBeDisabled();
    expect(
      within(dialog).getByText('Say why, in at least 3 characters'),
    ).toBeInTheDocument();
    // Pasting, not typing: typing every key is slow and tests nothing more.
    await user.click(reason);
    await user.paste('c: checkout broken');
    expect(confirm).toBeEnabled();

    await user.click(confirm);
    expect(api.rollback).toHaveBeenCalledWith('component:default/shop-web', {
      cluster: 'dev',
      namespace: 'storefront',
      kind: 'Deployment',
      name: 'shop-web',
      toRevision: 1,
      resourceVersion: '4711',
      reason: 'abc: checkout broken',
    });
    expect(
      await within(dialog).findByText(/1 of 2 updated replicas available/),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText(
        /Rolled back: revision 4, with the template of revision 2/,
      ),
    ).toBeInTheDocument();
    expect(api.getRollback).toHaveBeenCalledWith(
      '6f1c1a4e-4c7b-4a8e-9a51-0d3c2b1a0f00',
    );
    expect(onFinished).toHaveBeenCalled();
    expect(
      within(dialog).queryByRole('button', { name: /Roll back to/ }),
    ).not.toBeInTheDocument();
  });

  it('shows why the backend refused and lets the user try again', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => {
        throw Object.assign(
          new Error(
            'Deployment storefront/shop-web changed since it was loaded',
          ),
          {
            name: 'ConflictError',
          },
        );
      }),
    });
    const { onFinished } = renderDialog(api);
    const dialog = await confirmDefault(user);

    expect(
      await within(dialog).findByText(
        /The rollback was refused; nothing was changed/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getAllByText(/changed since it was loaded/).length,
    ).toBeGreaterThan(0);
    expect(
      within(dialog).getByRole('button', { name: 'Roll back to revision 2' }),
    ).toBeEnabled();
    expect(onFinished).not.toHaveBeenCalled();
  });

  it('reports a failed rollout', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: status({}),
      })),
      getRollback: jest.fn(async () =>
        status({ status: 'failed', message: 'progress deadline exceeded' }),
      ),
    });
    renderDialog(api);
    const dialog = await confirmDefault(user);
    await waitFor(() =>
      expect(
        within(dialog).getByText(
          'The rollback failed: progress deadline exceeded.',
        ),
      ).toBeInTheDocument(),
    );
  });

  it('defaults to the revision before the running one, and calls a newer one a roll forward', async () => {
    const user = userEvent.setup();
    // Revision 3 (a bad release) was rolled back from: 2 runs now.
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async (_entity, query) => diff(Number(query.to))),
    });
    renderDialog(api, { workload: workload({ currentRevision: 2 }) });
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back shop-web on dev',
    });
    await within(dialog).findByRole('table', { name: 'Pod template changes' });
    const target = within(dialog).getByLabelText('Revision to restore');
    expect(target).toHaveValue('1');
    expect(
      within(dialog).getByRole('option', { name: /^Revision 3 \(newer\)/ }),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Roll back to revision 1' }),
    ).toBeInTheDocument();
    await user.selectOptions(target, '3');
    expect(
      await within(dialog).findByRole('button', {
        name: 'Roll forward to revision 3',
      }),
    ).toBeInTheDocument();
  });

  it('compares the chosen revision, as it ran, with the running one', async () => {
    const user = userEvent.setup();
    // 3 was the bad release, rolled back from: 2 runs now.
    const getRevisionComparison = jest.fn(async (_entity, query) =>
      query.revision === 3
        ? badReleaseComparison(3, 2)
        : {
            ...badReleaseComparison(1, 2),
            revision: measurement(1, 0.005, 0.05),
            verdict: {
              overall: 'similar' as const,
              errorRate: 'similar' as const,
              latencyP95: 'similar' as const,
            },
          },
    );
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async (_entity, query) => diff(Number(query.to))),
      getRevisionComparison,
    });
    renderDialog(api, { workload: workload({ currentRevision: 2 }) });
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Revision 1 while it ran, against revision 2 now:',
      ),
    ).toBeInTheDocument();
    const similar = await within(dialog).findByText(
      'errors 0.5 % vs 0.4 % · p95 50 ms vs 48 ms',
    );
    expect(similar.closest('[data-tone]')).toHaveAttribute(
      'data-tone',
      'neutral',
    );
    await user.selectOptions(
      within(dialog).getByLabelText('Revision to restore'),
      '3',
    );
    // Rolling forward to 3 would bring its errors back: said in red.
    const worse = await within(dialog).findByText(
      'errors 6.1 % vs 0.4 % · p95 490 ms vs 48 ms',
    );
    expect(worse.closest('[data-tone]')).toHaveAttribute('data-tone', 'error');
    expect(getRevisionComparison).toHaveBeenLastCalledWith(
      'component:default/shop-web',
      {
        cluster: 'dev',
        kind: 'Deployment',
        namespace: 'storefront',
        workload: 'shop-web',
        revision: 3,
        against: 2,
      },
    );
  });

  it('says when the chosen revision already runs', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn().mockResolvedValueOnce({
        outcome: 'noop',
        currentRevision: 3,
        message:
          'Deployment storefront/shop-web already runs the pod template of revision 2',
      }),
    });
    const { onFinished } = renderDialog(api);
    const dialog = await confirmDefault(user);
    expect(
      await within(dialog).findByText(/already runs the pod template/),
    ).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it('stops polling and says so when the status cannot be read', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: status({}),
      })),
      getRollback: jest.fn(async () => {
        throw new Error('backend unavailable');
      }),
    });
    renderDialog(api);
    const dialog = await confirmDefault(user);
    expect(
      await within(dialog).findByText(/Lost track of the rollback/),
    ).toBeInTheDocument();
    expect(api.getRollback).toHaveBeenCalledTimes(3);
  });

  it('makes an admin confirm forcing a managed workload, with the owner guidance shown', async () => {
    const user = userEvent.setup();
    const guidance =
      "Managed by Argo CD application 'shop', which would revert the rollback.";
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: status({ forced: true }),
      })),
      getRollback: jest.fn(async () =>
        status({ status: 'succeeded', newRevision: 4, forced: true }),
      ),
    });
    const { onFinished } = renderDialog(api, {
      workload: workload({
        owner: { manager: 'argocd', name: 'shop', evidence: [] },
      }),
      force: { guidance },
    });
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      `This workload is managed by another tool${guidance}`,
    );
    await within(dialog).findByRole('table', { name: 'Pod template changes' });
    const confirm = within(dialog).getByRole('button', {
      name: 'Force roll back to revision 2',
    });
    await user.click(within(dialog).getByRole('textbox', { name: 'Reason' }));
    await user.paste('checkout broken, Argo CD sync is slow');
    // A reason alone is not enough: forcing must be confirmed explicitly.
    expect(confirm).toBeDisabled();
    await user.click(
      within(dialog).getByRole('checkbox', {
        name: 'Force the rollback although Argo CD manages shop-web',
      }),
    );
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    expect(api.rollback).toHaveBeenCalledWith('component:default/shop-web', {
      cluster: 'dev',
      namespace: 'storefront',
      kind: 'Deployment',
      name: 'shop-web',
      toRevision: 2,
      resourceVersion: '4711',
      reason: 'checkout broken, Argo CD sync is slow',
      force: true,
    });
    await waitFor(() => expect(onFinished).toHaveBeenCalled());
  });

  it('does not send force for an unmanaged workload', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => ({
        outcome: 'noop' as const,
        currentRevision: 3,
        message: 'already runs it',
      })),
    });
    renderDialog(api);
    const dialog = await confirmDefault(user);
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(api.rollback.mock.calls[0][1]).not.toHaveProperty('force');
  });

  it('rolls a StatefulSet back to a ControllerRevision', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      getReleaseDiff: jest.fn(async () => diff(2)),
      rollback: jest.fn(async () => ({
        outcome: 'started' as const,
        rollback: status({ kind: 'StatefulSet', name: 'payments-ledger-db' }),
      })),
      getRollback: jest.fn(async () =>
        status({
          kind: 'StatefulSet',
          name: 'payments-ledger-db',
          status: 'succeeded',
          newRevision: 4,
        }),
      ),
    });
    renderDialog(api, {
      workload: workload({
        kind: 'StatefulSet',
        namespace: 'payments',
        name: 'payments-ledger-db',
      }),
    });
    const dialog = await confirmDefault(user);
    expect(
      within(dialog).getByText(/volume claims and their data/),
    ).toBeInTheDocument();
    expect(api.getReleaseDiff).toHaveBeenCalledWith(
      'component:default/shop-web',
      expect.objectContaining({
        kind: 'StatefulSet',
        workload: 'payments-ledger-db',
      }),
    );
    expect(api.rollback).toHaveBeenCalledWith(
      'component:default/shop-web',
      expect.objectContaining({
        kind: 'StatefulSet',
        namespace: 'payments',
        name: 'payments-ledger-db',
        toRevision: 2,
      }),
    );
    expect(
      await within(dialog).findByText(/Rolled back: revision 4/),
    ).toBeInTheDocument();
  });
});
