import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ServiceNameField } from './ServiceNameField';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop-api', namespace: 'default' },
      spec: { owner: 'group:default/storefront' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { owner: 'group:default/storefront' },
    },
  ],
});

/** The field as the form drives it: value in state, fed back as formData. */
function Harness() {
  const [value, setValue] = useState<string | undefined>();
  return (
    <ServiceNameField
      {...({} as any)}
      schema={{ title: 'Name', description: 'Lower-case letters' }}
      uiSchema={{}}
      idSchema={{ $id: 'root_name' } as any}
      formData={value}
      onChange={(v: string) => setValue(v)}
      required
    />
  );
}

/** A backend without the scaffolder module's endpoint, or unreachable. */
const unreachable: ScaffolderStub = {
  fetch: jest.fn(async () => {
    throw new TypeError('Failed to fetch');
  }),
};

async function renderField(scaffolder: ScaffolderStub = unreachable) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [
          discoveryApiRef,
          mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
        ],
        [fetchApiRef, { fetch: scaffolder.fetch }],
      ]}
    >
      <Harness />
    </TestApiProvider>,
  );
  return screen.getByRole('textbox', { name: /Name/ });
}

type ScaffolderStub = { fetch: jest.Mock };

/**
 * The scaffolder module's endpoint as the field sees it: `answers` by name;
 * any other name, or `status` other than 200, is what an older backend says.
 */
function scaffolderAnswering(
  answers: Record<string, object>,
  status = 200,
): ScaffolderStub {
  const prefix = 'http://backstage:7007/api/scaffolder/paasport/service-names/';
  return {
    fetch: jest.fn(async (url: string) => {
      const body = url.startsWith(prefix)
        ? answers[decodeURIComponent(url.slice(prefix.length))]
        : undefined;
      const ok = status === 200 && body !== undefined;
      return {
        ok,
        status: ok ? 200 : status,
        json: async () => body ?? { error: { name: 'NotFoundError' } },
      };
    }),
  };
}

describe('ServiceNameField', () => {
  it('shows the rule until something is typed', async () => {
    await renderField();
    expect(screen.getByRole('status')).toHaveTextContent('Lower-case letters');
  });

  it('says a name is taken, with the component and its owner', async () => {
    const input = await renderField();
    await userEvent.type(input, 'shop-api');
    expect(
      await screen.findByText(
        'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront.',
      ),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  it('says a name is free, also when another kind uses it', async () => {
    const input = await renderField();
    await userEvent.type(input, 'shop');
    expect(
      await screen.findByText('shop is free in the catalog.'),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'false');
  });

  it("shows the backend's message, as written, for a name that breaks the rule", async () => {
    const message =
      'Bad_Name is not a valid service name: use lower-case letters, digits and single hyphens, starting with a letter (at most 40 characters)';
    const scaffolder: ScaffolderStub = {
      fetch: jest.fn(async () => ({
        ok: false,
        status: 400,
        json: async () => ({ error: { name: 'InputError', message } }),
      })),
    };
    const input = await renderField(scaffolder);
    await userEvent.type(input, 'Bad_Name');
    expect(await screen.findByText(`${message}.`)).toBeInTheDocument();
    expect(screen.queryByText(/is free/)).not.toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');
  });

  describe('with the scaffolder module answering for the repository too', () => {
    it('says a name is free in the catalog and in Gitea', async () => {
      const scaffolder = scaffolderAnswering({
        'shop-billing': {
          name: 'shop-billing',
          catalog: { free: true },
          repository: { free: true, provider: 'gitea' },
        },
      });
      const input = await renderField(scaffolder);
      await userEvent.type(input, 'shop-billing');
      expect(
        await screen.findByText(
          'shop-billing is free in the catalog and in Gitea.',
        ),
      ).toBeInTheDocument();
      expect(input).toHaveAttribute('aria-invalid', 'false');
    });

    it.each([
      ['github', 'GitHub'],
      [undefined, 'the repository host'],
    ])('names the host the backend asked (%s)', async (provider, hostName) => {
      const input = await renderField(
        scaffolderAnswering({
          'shop-billing': {
            name: 'shop-billing',
            catalog: { free: true },
            repository: { free: true, ...(provider && { provider }) },
          },
        }),
      );
      await userEvent.type(input, 'shop-billing');
      expect(
        await screen.findByText(
          `shop-billing is free in the catalog and in ${hostName}.`,
        ),
      ).toBeInTheDocument();
    });

    it('says a name is taken by a repository the catalog does not know', async () => {
      const input = await renderField(
        scaffolderAnswering({
          'legacy-app': {
            name: 'legacy-app',
            catalog: { free: true },
            repository: {
              free: false,
              provider: 'gitea',
              url: 'http://127.0.0.1:16300/paasport/legacy-app',
            },
          },
        }),
      );
      await userEvent.type(input, 'legacy-app');
      expect(
        await screen.findByText(
          'legacy-app is taken: repository paasport/legacy-app exists in Gitea.',
        ),
      ).toBeInTheDocument();
      expect(input).toHaveAttribute('aria-invalid', 'true');
    });

    it('names both uses when the catalog and Gitea have the name', async () => {
      const input = await renderField(
        scaffolderAnswering({
          'shop-api': {
            name: 'shop-api',
            catalog: {
              free: false,
              entityRef: 'component:default/shop-api',
              owner: 'group:default/storefront',
            },
            repository: {
              free: false,
              provider: 'gitea',
              url: 'http://127.0.0.1:16300/paasport/shop-api',
            },
          },
        }),
      );
      await userEvent.type(input, 'shop-api');
      expect(
        await screen.findByText(
          'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront; repository paasport/shop-api exists in Gitea.',
        ),
      ).toBeInTheDocument();
    });

    it('says when the repository host could not be checked', async () => {
      const input = await renderField(
        scaffolderAnswering({
          'shop-billing': {
            name: 'shop-billing',
            catalog: { free: true },
            repository: { unknown: 'could not reach the repository host' },
          },
        }),
      );
      await userEvent.type(input, 'shop-billing');
      expect(
        await screen.findByText(
          'shop-billing is free in the catalog; the repository host could not be checked (could not reach the repository host).',
        ),
      ).toBeInTheDocument();
      expect(input).toHaveAttribute('aria-invalid', 'false');
    });

    it('falls back to the catalog when the endpoint is not there', async () => {
      const scaffolder = scaffolderAnswering({}, 404);
      const input = await renderField(scaffolder);
      await userEvent.type(input, 'shop-api');
      expect(
        await screen.findByText(
          'shop-api is taken: component:default/shop-api exists in the catalog, owned by group:default/storefront.',
        ),
      ).toBeInTheDocument();
      expect(scaffolder.fetch).toHaveBeenCalledWith(
        'http://backstage:7007/api/scaffolder/paasport/service-names/shop-api',
      );
    });
  });
});
