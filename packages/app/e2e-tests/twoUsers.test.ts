import { test, expect, Page } from '@playwright/test';
import { giteaSignIn, signInWithGitea } from './giteaSignIn';

/*
 * Two people of different teams signed in at the same time, each in their own
 * browser context, both through the local Gitea as OpenID Connect issuer
 * (`devcluster gitea up` makes the users and the portal's OAuth2 client;
 * scripts/start.sh gives the portal its oidc provider): alice of storefront
 * and bob of payments. Each sees who they are; on storefront's shop-web alice
 * may roll back and read the logs, bob may do neither. Read-only: nothing is
 * rolled back, so it can run next to the console's rollback test. And one
 * person Gitea knows but the catalog does not, who is refused.
 */

// Two sign-ins through Gitea and four pages each, on a shared 2-core machine.
test.setTimeout(300_000);

/**
 * The Settings page shows the signed-in person: the email Gitea gave, the
 * catalog User it resolved to and, through its membership, the team.
 */
async function expectSignedInAs(
  page: Page,
  person: { email: string; user: string; team: string },
) {
  await page.goto('/settings');
  await expect(
    page.getByRole('article').filter({ hasText: 'Profile' }),
  ).toContainText(person.email);
  const identity = page
    .getByRole('article')
    .filter({ hasText: 'Backstage Identity' });
  await expect(identity).toContainText(`User Entity: ${person.user}`);
  await expect(
    identity.getByRole('link', { name: person.team, exact: true }),
  ).toBeVisible();
}

test('alice (storefront) and bob (payments) sign in through Gitea and get what their teams allow', async ({
  browser,
  baseURL,
}) => {
  const alice = await signInWithGitea(browser, baseURL, 'alice');
  const bob = await signInWithGitea(browser, baseURL, 'bob');

  // The catalog's Users (catalog/org.yaml), by their display names.
  await expectSignedInAs(alice, {
    email: 'alice@acme.example',
    user: 'Alice Storefront',
    team: 'Storefront team',
  });
  await expectSignedInAs(bob, {
    email: 'bob@acme.example',
    user: 'Bob Payments',
    team: 'Payments team',
  });
  await alice.screenshot({
    path: 'e2e-test-report/screenshots/two-users-alice-settings.png',
  });

  // shop-web is storefront's: its owners may roll it back, others may not.
  const releases = '/catalog/default/component/shop-web/releases';
  const dev = (page: Page) =>
    page.getByRole('region', {
      name: 'Deployment storefront/shop-web on dev',
    });
  await Promise.all([alice.goto(releases), bob.goto(releases)]);
  await expect(
    dev(alice).getByRole('button', { name: 'Roll back' }),
  ).toBeEnabled();
  const refused = dev(bob).getByRole('button', { name: 'Roll back' });
  await expect(refused).toBeDisabled();
  await expect(refused).toHaveAccessibleDescription(
    /not allowed to roll back component:default\/shop-web/,
  );
  await bob.screenshot({
    path: 'e2e-test-report/screenshots/two-users-bob-releases.png',
    fullPage: true,
  });

  // Logs are for the owning team (and admins) only.
  const logs = '/catalog/default/component/shop-web/logs';
  await Promise.all([alice.goto(logs), bob.goto(logs)]);
  const aliceLog = alice.getByRole('log', { name: /^Logs of shop-web/ });
  await expect(aliceLog).not.toBeEmpty();
  await expect(alice.getByText(/not allowed/i)).toHaveCount(0);
  // bob is refused, told so and why, and no line reaches him.
  await expect(bob.getByText('You cannot read these logs')).toBeVisible();
  await expect(
    bob.getByText(
      /Not allowed: console\.logs\.read on component:default\/shop-web/,
    ),
  ).toBeVisible();
  await expect(bob.getByRole('log', { name: /^Logs of shop-web/ })).toBeEmpty();
  await bob.screenshot({
    path: 'e2e-test-report/screenshots/two-users-bob-logs.png',
    fullPage: true,
  });

  await alice.context().close();
  await bob.context().close();
});

test('someone Gitea knows but the catalog does not is refused, and told why', async ({
  browser,
  baseURL,
}) => {
  // mallory has a Gitea account (devcluster gitea up) and no User entity.
  const page = await giteaSignIn(browser, baseURL, 'mallory');
  await expect(
    page.getByText(
      "mallory@elsewhere.example is not the email of anyone in Paasport's catalog, so it cannot sign in.",
      { exact: false },
    ),
  ).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).not.toBeVisible();
  await page.context().close();
});
