import { expect, Browser, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Sign-in through the local Gitea as OpenID Connect issuer (`devcluster
 * gitea up` makes the demo people and the portal's OAuth2 client;
 * scripts/start.sh gives the portal its oidc provider), for the browser
 * tests that act as alice (storefront), bob (payments) or carol (admin).
 */

const devclusterBin = path.resolve(
  __dirname,
  '../../devcluster/bin/devcluster',
);

/** A demo person's Gitea password (`devcluster gitea env`'s users dir). */
function giteaPassword(name: string): string {
  const out = execFileSync('bash', [devclusterBin, 'gitea', 'env'], {
    encoding: 'utf8',
  });
  const dir = /^export PAASPORT_GITEA_USERS_DIR="?(.*?)"?$/m.exec(out)?.[1];
  if (!dir) throw new Error('devcluster gitea env printed no users dir');
  return readFileSync(path.join(dir, `${name}.password`), 'utf8').trim();
}

/**
 * Goes through "Sign in with Gitea" as `name` in a new browser context:
 * Gitea's login form in the popup, then its consent page the first time this
 * Gitea is asked for the portal on that person's behalf (later sign-ins go
 * straight back, the grant being kept). Returns the portal's page once the
 * popup has closed, signed in or not.
 */
export async function giteaSignIn(
  browser: Browser,
  baseURL: string | undefined,
  name: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/');
  const gitea = page
    .getByRole('article')
    .filter({ hasText: 'Sign in with Gitea' });
  const popupOpened = page.waitForEvent('popup');
  await gitea.getByRole('button', { name: 'Sign In' }).click();
  const popup = await popupOpened;
  const closed = popup.waitForEvent('close');

  await popup.getByLabel('Username or Email Address').fill(name);
  await popup.getByLabel('Password', { exact: true }).fill(giteaPassword(name));
  await popup.getByRole('button', { name: 'Sign In', exact: true }).click();

  const grant = popup.getByRole('button', { name: 'Authorize Application' });
  const next = await Promise.race([
    closed.then(() => 'closed' as const),
    grant.waitFor().then(
      () => 'consent' as const,
      // The popup closed while waiting: back without a consent page.
      () => 'closed' as const,
    ),
  ]);
  if (next === 'consent') {
    await grant.click();
  }
  await closed;
  return page;
}

/** Signs `name` in through Gitea and waits for the portal to show. */
export async function signInWithGitea(
  browser: Browser,
  baseURL: string | undefined,
  name: string,
): Promise<Page> {
  const page = await giteaSignIn(browser, baseURL, name);
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Home', exact: true }),
  ).toBeVisible();
  return page;
}
