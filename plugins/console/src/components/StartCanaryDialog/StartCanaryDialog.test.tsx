import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { canaryDetail, refusal } from '../../__testUtils__/canaryFixtures';
import { fakeConsoleApi } from '../../__testUtils__/fakeConsoleApi';
import { workload } from '../../__testUtils__/fixtures';
import { renderWithEntity } from '../../__testUtils__/renderWithEntity';
import { StartCanaryDialog } from './StartCanaryDialog';

// Long forms typed key by key through MUI: slow under CI.
jest.setTimeout(30_000);

async function renderDialog(
  api: ReturnType<typeof fakeConsoleApi>,
  releases = workload(),
) {
  const onStarted = jest.fn();
  await renderWithEntity(
    <StartCanaryDialog
      cluster="dev"
      workload={releases}
      onClose={jest.fn()}
      onStarted={onStarted}
    />,
    { api },
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Start a canary of shop-web on dev',
  });
  return { dialog, onStarted };
}

async function fillRelease(
  user: ReturnType<typeof userEvent.setup>,
  dialog: HTMLElement,
) {
  const image = within(dialog).getByRole('textbox', {
    name: 'Image of shop-web',
  });
  await user.clear(image);
  await user.type(image, 'registry.local/shop-web:1.4.0');
  await user.type(
    within(dialog).getByRole('textbox', { name: 'Reason' }),
    'release 1.4.0',
  );
}

describe('StartCanaryDialog', () => {
  it('prefills the current image and the default steps', async () => {
    const { dialog } = await renderDialog(fakeConsoleApi());
    expect(
      within(dialog).getByRole('textbox', { name: 'Image of shop-web' }),
    ).toHaveValue('registry.local/shop-web:1.3.0');
    const weights = [1, 2, 3, 4].map(step =>
      within(dialog).getByRole('spinbutton', {
        name: `Weight of step ${step} (%)`,
      }),
    );
    expect(weights.map(w => (w as HTMLInputElement).value)).toEqual([
      '10',
      '25',
      '50',
      '100',
    ]);
    expect(
      within(dialog).getByRole('spinbutton', { name: 'Seconds of step 1' }),
    ).toHaveValue(120);
  });

  it('marks what is missing and sends nothing', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi();
    const { dialog } = await renderDialog(api);
    const lastWeight = within(dialog).getByRole('spinbutton', {
      name: 'Weight of step 4 (%)',
    });
    await user.clear(lastWeight);
    await user.type(lastWeight, '90');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    expect(
      within(dialog).getByText(
        'Nothing to release: change an image, an environment variable or an annotation',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/The last step must be 100 %/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Say why, in at least 3 characters'),
    ).toBeInTheDocument();
    expect(api.startCanary).not.toHaveBeenCalled();
  });

  it('sends the release with an environment change, its value typed hidden', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      startCanary: jest.fn(async () => canaryDetail()),
    });
    const { dialog, onStarted } = await renderDialog(api);
    await fillRelease(user, dialog);
    await user.click(
      within(dialog).getByRole('button', { name: 'Add an environment change' }),
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name of variable 1' }),
      'API_TOKEN',
    );
    const value = within(dialog).getByLabelText('Value of variable 1');
    expect(value).toHaveAttribute('type', 'password');
    await user.type(value, 's3cret');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.startCanary).toHaveBeenCalledWith(
      'component:default/shop-web',
      expect.objectContaining({
        cluster: 'dev',
        namespace: 'storefront',
        name: 'shop-web',
        reason: 'release 1.4.0',
        spec: expect.objectContaining({
          images: { 'shop-web': 'registry.local/shop-web:1.4.0' },
          env: { 'shop-web': { API_TOKEN: 's3cret' } },
          steps: [
            { weight: 10, pause: { seconds: 120 } },
            { weight: 25, pause: { seconds: 120 } },
            { weight: 50, pause: { seconds: 120 } },
            { weight: 100 },
          ],
        }),
      }),
    );
  });

  it('sends pod annotation changes: values typed in plain sight, a removal as null', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      startCanary: jest.fn(async () => canaryDetail()),
    });
    const { dialog, onStarted } = await renderDialog(api);
    await fillRelease(user, dialog);
    const add = within(dialog).getByRole('button', {
      name: 'Add an annotation change',
    });
    const keyOf = (n: number) =>
      within(dialog).getByRole('textbox', { name: `Key of annotation ${n}` });
    await user.click(add);
    await user.type(keyOf(1), 'devcluster.paasport.io/error-rate');
    const value = within(dialog).getByRole('textbox', {
      name: 'Value of annotation 1',
    });
    expect(value).toHaveAttribute('type', 'text');
    await user.type(value, '0.4');
    await user.click(add);
    await user.type(keyOf(2), 'team/typo');
    await user.click(add);
    await user.type(keyOf(3), 'team/old-switch');
    const removes = within(dialog).getAllByRole('checkbox', {
      name: 'Remove the annotation',
    });
    await user.click(removes[2]);
    expect(
      within(dialog).getByRole('textbox', { name: 'Value of annotation 3' }),
    ).toBeDisabled();
    // Dropping the middle change renumbers the one after it.
    await user.click(
      within(dialog).getByRole('button', { name: 'Drop annotation change 2' }),
    );
    expect(keyOf(2)).toHaveValue('team/old-switch');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.startCanary).toHaveBeenCalledWith(
      'component:default/shop-web',
      expect.objectContaining({
        spec: expect.objectContaining({
          images: { 'shop-web': 'registry.local/shop-web:1.4.0' },
          env: {},
          annotations: {
            'devcluster.paasport.io/error-rate': '0.4',
            'team/old-switch': null,
          },
        }),
      }),
    );
  });

  it('sends an environment change to the container picked, and annotation changes to the pod', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi({
      startCanary: jest.fn(async () => canaryDetail()),
    });
    const { dialog, onStarted } = await renderDialog(
      api,
      workload({ containers: ['shop-web', 'proxy'] }),
    );
    await fillRelease(user, dialog);
    // The fixture's revisions name no image for a second container.
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Image of proxy' }),
      'registry.local/proxy:2.0',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Add an environment change' }),
    );
    await user.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Container of change 1' }),
      'proxy',
    );
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Name of variable 1' }),
      'LOG_LEVEL',
    );
    await user.type(
      within(dialog).getByLabelText('Value of variable 1'),
      'debug',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Add an annotation change' }),
    );
    // Annotations belong to the pod, not to one of its containers.
    expect(
      within(dialog).queryByRole('combobox', { name: /annotation/ }),
    ).not.toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Key of annotation 1' }),
      'checksum/config',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(api.startCanary).toHaveBeenCalledWith(
      'component:default/shop-web',
      expect.objectContaining({
        spec: expect.objectContaining({
          env: { proxy: { LOG_LEVEL: 'debug' } },
          annotations: { 'checksum/config': '' },
        }),
      }),
    );
  });

  it('marks an invalid annotation key and sends nothing', async () => {
    const user = userEvent.setup();
    const api = fakeConsoleApi();
    const { dialog } = await renderDialog(api);
    await fillRelease(user, dialog);
    await user.click(
      within(dialog).getByRole('button', { name: 'Add an annotation change' }),
    );
    const key = within(dialog).getByRole('textbox', {
      name: 'Key of annotation 1',
    });
    await user.type(key, 'Shop.example.com/error rate');
    await user.click(
      within(dialog).getByRole('button', { name: 'Start the canary' }),
    );
    expect(key).toHaveAccessibleDescription(/^Not an annotation key/);
    expect(key).toHaveAttribute('aria-invalid', 'true');
    expect(api.startCanary).not.toHaveBeenCalled();
  });

  it.each([
    [
      400,
      'InputError',
      'spec.images.shop-web: "registry.local/shop web" is not an image reference',
    ],
    [
      409,
      'ConflictError',
      'A canary of storefront/shop-web on dev is already running (started by user:default/bob)',
    ],
  ])(
    "shows the backend's %s message as written and keeps the form",
    async (status, name, message) => {
      const user = userEvent.setup();
      const api = fakeConsoleApi({
        startCanary: jest.fn(async () => {
          throw await refusal(status, name, message);
        }),
      });
      const { dialog, onStarted } = await renderDialog(api);
      await fillRelease(user, dialog);
      await user.click(
        within(dialog).getByRole('button', { name: 'Start the canary' }),
      );
      const alert = await within(dialog).findByRole('alert');
      expect(alert).toHaveTextContent(message);
      expect(alert).not.toHaveTextContent(/Request failed/);
      expect(onStarted).not.toHaveBeenCalled();
      expect(
        within(dialog).getByRole('textbox', { name: 'Reason' }),
      ).toHaveValue('release 1.4.0');
    },
  );
});
