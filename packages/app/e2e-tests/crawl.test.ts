import { test, expect, Page, TestInfo } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signInWithGitea } from './giteaSignIn';

/*
 * Every link the portal shows a person leads somewhere that works. Where
 * the crawl starts: the sidebar's links, the links of the sidebar's search
 * (the modal, and the full search page it leads to, which asks every result
 * type — TechDocs too — for its results), and a set of entity pages: a
 * Component of the person's team, one of another team (where they are a
 * non-member), a System, a team Group and their own User page. It visits
 * those, then every link they and the entity pages' tabs show, each once, as
 * a click would (in-app navigation). No visit may show Backstage's
 * "ERROR 404" page, "Entity not found", an error panel or a "Missing
 * annotation" tab, and no API response during a visit may be a 5xx (other
 * API statuses are listed, not judged: a non-member's 403 is the designed
 * answer, shown as such by the page). The links with what each answered
 * are printed and written to test-results/crawl/ (Markdown and JSON), to be
 * quoted. As the guest (storefront) and as bob (payments), signed in
 * through the local Gitea.
 */

// Well over a hundred visits per person; the development build is slow.
test.setTimeout(900_000);

/** Where the lists of crawled links are written. */
const REPORT_DIR =
  process.env.PAASPORT_CRAWL_REPORT_DIR ??
  path.resolve(__dirname, '../../../test-results/crawl');

/** What one visit found: the page's problems and the API statuses seen. */
interface Visit {
  path: string;
  /** The page the link was shown on ('sidebar', 'search', 'start'). */
  from: string;
  problems: string[];
  /** Status → count of the portal's API responses during the visit. */
  api: Map<number, number>;
  /** How long the visit took, settling included. */
  ms: number;
}

/** The portal's own API (same origin in production, :7007 in development). */
function isPortalApi(url: string): boolean {
  const { pathname } = new URL(url);
  return pathname.startsWith('/api/') || pathname.startsWith('/.backstage/');
}

/** pathname + search of same-origin links, without hash; undefined otherwise. */
function samePortalPath(href: string, origin: string): string | undefined {
  const url = new URL(href, origin);
  if (url.origin !== origin) return undefined;
  return `${url.pathname}${url.search}`;
}

/** Links shown on a page: same-origin paths, and other origins' URLs. */
interface Links {
  paths: string[];
  external: string[];
}

/** The links matching `selector`, in page order, each once. */
async function linksIn(page: Page, selector: string): Promise<Links> {
  const origin = new URL(page.url()).origin;
  const hrefs = await page
    .locator(selector)
    .evaluateAll(els =>
      els
        .filter(el => (el as HTMLElement).offsetParent !== null)
        .map(el => (el as HTMLAnchorElement).href),
    );
  const paths = new Set<string>();
  const external = new Set<string>();
  for (const href of hrefs) {
    if (!/^https?:/.test(href)) continue;
    const own = samePortalPath(href, origin);
    if (own) paths.add(own);
    else external.add(href);
  }
  return { paths: [...paths], external: [...external] };
}

/** Links outside the sidebar: tabs, headers, cards, tables. */
const PAGE_LINKS = 'a[href]:not(nav[aria-label="sidebar nav"] a)';

/** The portal's API requests in flight, by when each started. */
type InFlight = Map<object, number>;

/** A request open longer than this is a stream (followed logs, events). */
const STREAM_MS = 3_000;

/**
 * Waits for a page to settle: no progress indicator and no portal API
 * request in flight (streams aside) for 750 ms, so that what the answers
 * show (an error panel of a card that loaded late) is on the page. At most
 * 10 s: a page that never settles is judged as it then shows.
 */
async function settle(page: Page, inFlight: InFlight) {
  const deadline = Date.now() + 10_000;
  let quietSince: number | undefined;
  while (Date.now() < deadline) {
    const now = Date.now();
    const busy =
      [...inFlight.values()].some(since => now - since < STREAM_MS) ||
      (await page.locator('[role="progressbar"]').count()) > 0;
    if (busy) quietSince = undefined;
    else quietSince ??= now;
    if (quietSince !== undefined && now - quietSince >= 750) return;
    await page.waitForTimeout(100);
  }
}

/** What is wrong on the page as it now shows. */
async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const text = document.body.innerText;
    if (/ERROR 404|Page not found/i.test(text)) problems.push('404 page');
    if (/Missing annotation/i.test(text)) problems.push('Missing annotation');
    // The catalog's answer to a link to an entity it does not have (a
    // warning panel, not an error one).
    if (/Entity not found/i.test(text)) problems.push('Entity not found');
    for (const alert of Array.from(
      document.querySelectorAll<HTMLElement>('[role="alert"]'),
    )) {
      const said = alert.innerText.trim().replace(/\s+/g, ' ');
      if (/^Error\b/i.test(said) || /Error\b/.test(alert.className)) {
        problems.push(`error panel: ${said.slice(0, 160)}`);
      }
    }
    return problems;
  });
}

/** What the crawl watches on its page. */
interface Watch {
  /** The visit that API statuses are recorded into, if any. */
  current?: Visit;
  inFlight: InFlight;
}

/**
 * Records the portal's API statuses into whichever visit is current, and
 * each 5xx as a problem of it; keeps the requests in flight for `settle`.
 */
function watchApi(page: Page): Watch {
  const watch: Watch = { inFlight: new Map() };
  page.on('request', request => {
    if (isPortalApi(request.url())) watch.inFlight.set(request, Date.now());
  });
  const done = (request: object) => watch.inFlight.delete(request);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('response', response => {
    const open = watch.current;
    if (!open || !isPortalApi(response.url())) return;
    const status = response.status();
    open.api.set(status, (open.api.get(status) ?? 0) + 1);
    if (status >= 500) {
      open.problems.push(`${status} from ${new URL(response.url()).pathname}`);
    }
  });
  return watch;
}

/** Client-side navigation to `target`, as react-router does on a click. */
async function pushPath(page: Page, target: string) {
  await page.evaluate(url => {
    window.history.pushState({}, '', url);
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
  }, target);
}

/**
 * Goes to `to` in the running app as a click on a link would (history push,
 * no reload) and records what it showed and what the API answered. A link
 * to the page already showing, with another query (one catalog filter after
 * another), is followed from the page that showed it, as a person would: a
 * page that stays mounted across such a change is not what the click shows
 * (the catalog page given another page's filters that way re-queried
 * hundreds of times).
 */
async function visitOnce(
  page: Page,
  watch: Watch,
  to: string,
  from: string,
): Promise<Visit> {
  const started = Date.now();
  const here = new URL(page.url());
  const samePage = new URL(to, here).pathname === here.pathname;
  if (samePage && from.startsWith('/')) {
    if (new URL(from, here).pathname !== here.pathname) {
      await pushPath(page, from);
      await page.waitForTimeout(250);
    }
  }
  const current: Visit = {
    path: to,
    from,
    problems: [],
    api: new Map(),
    ms: 0,
  };
  watch.current = current;
  await pushPath(page, to);
  await settle(page, watch.inFlight);
  current.problems.push(...(await pageProblems(page)));
  watch.current = undefined;
  current.ms = Date.now() - started;
  return current;
}

/**
 * {@link visitOnce}, again once if the page was reloaded under it: the
 * development server reloads the app when its sources change. A link that
 * reloads the page itself fails the second time too.
 */
async function visit(
  page: Page,
  watch: Watch,
  to: string,
  from: string,
): Promise<Visit> {
  try {
    return await visitOnce(page, watch, to, from);
  } catch (error) {
    if (!/Execution context was destroyed/.test(String(error))) throw error;
    watch.current = undefined;
    await page.waitForLoadState('load');
    await expect(
      page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link'),
    ).not.toHaveCount(0);
    return visitOnce(page, watch, to, from);
  }
}

/** One line per link: "ok" or the problems, and the API statuses. */
function reportLines(visits: Visit[]): string[] {
  return visits.map(v => {
    const api = [...v.api.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    const outcome = v.problems.length ? `FAIL ${v.problems.join('; ')}` : 'ok';
    return `| ${outcome} | \`${v.path}\` | ${v.from} | ${api} | ${v.ms} |`;
  });
}

/** Prints the list and writes it to REPORT_DIR and the test's attachments. */
async function record(
  testInfo: TestInfo,
  who: string,
  slug: string,
  visits: Visit[],
  external: string[],
) {
  const markdown = [
    `# Links crawled as ${who} (${visits.length})`,
    '',
    `Base URL: ${testInfo.project.use.baseURL}; ${new Date().toISOString()}`,
    '',
    '| result | link | shown on | portal API statuses (status×count) | ms |',
    '| --- | --- | --- | --- | --: |',
    ...reportLines(visits),
    '',
    `Links to other sites (not visited, ${external.length}):`,
    '',
    ...external.map(url => `- ${url}`),
    '',
  ].join('\n');
  const json = JSON.stringify(
    {
      who,
      baseURL: testInfo.project.use.baseURL,
      at: new Date().toISOString(),
      visits: visits.map(v => ({
        path: v.path,
        shownOn: v.from,
        ok: v.problems.length === 0,
        problems: v.problems,
        api: Object.fromEntries(v.api),
        ms: v.ms,
      })),
      external,
    },
    null,
    2,
  );
  process.stdout.write(`${markdown}\n`);
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(path.join(REPORT_DIR, `${slug}.md`), markdown);
  writeFileSync(path.join(REPORT_DIR, `${slug}.json`), json);
  await testInfo.attach(`links-${slug}.md`, {
    body: markdown,
    contentType: 'text/markdown',
  });
}

/** The entity pages the crawl starts from, for `user`. */
function entityPages(user: string, team: string, otherTeamsComponent: string) {
  return [
    `/catalog/default/component/${
      team === 'storefront' ? 'shop-api' : 'payments-api'
    }`,
    `/catalog/default/component/${otherTeamsComponent}`,
    '/catalog/default/system/shop',
    `/catalog/default/group/${team}`,
    `/catalog/default/user/${user}`,
  ];
}

/**
 * The sidebar's search: opens the modal, searches for `term` and returns the
 * links it shows (results, "view full results").
 */
async function searchModalLinks(page: Page, term: string): Promise<Links> {
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await sidebar.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill(term);
  await expect(dialog.getByRole('link').first()).toBeVisible();
  const links = await linksIn(page, '[role="dialog"] a[href]');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  return links;
}

/**
 * Visits where the crawl starts, then every link shown there (and on the
 * entity pages' tabs) once; fails on any that shows a problem.
 */
async function crawlAs(
  page: Page,
  testInfo: TestInfo,
  person: { who: string; user: string; team: string; otherComponent: string },
) {
  const watch = watchApi(page);
  const sidebar = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(sidebar.getByRole('link').first()).toBeVisible();

  const queue: { path: string; from: string }[] = [];
  const seen = new Set<string>();
  const external = new Set<string>();
  const enqueue = (links: Links, from: string) => {
    links.external.forEach(url => external.add(url));
    for (const p of links.paths) {
      if (seen.has(p)) continue;
      seen.add(p);
      queue.push({ path: p, from });
    }
  };

  const sidebarLinks = await linksIn(
    page,
    'nav[aria-label="sidebar nav"] a[href]',
  );
  enqueue(sidebarLinks, 'sidebar');
  enqueue(await searchModalLinks(page, 'shop'), 'sidebar search');
  // The full search page the modal leads to, with a term: it asks each
  // result type (catalog, TechDocs) for its results.
  const searchPage = '/search?query=shop';
  enqueue({ paths: [searchPage], external: [] }, 'sidebar search');
  const starts = entityPages(person.user, person.team, person.otherComponent);
  enqueue({ paths: starts, external: [] }, 'start');

  // Links are collected on the pages where the crawl starts (the sidebar's,
  // the search page, the entity pages, whichever list showed them first)
  // and on the entity pages' tabs; the pages those lead to are visited,
  // not followed.
  const followed = new Set([...sidebarLinks.paths, searchPage, ...starts]);
  const isTab = (p: string) =>
    starts.some(start => p.startsWith(`${start}/`) && !p.includes('?'));

  const visits: Visit[] = [];
  for (let i = 0; i < queue.length; i++) {
    const { path: to, from } = queue[i];
    visits.push(await visit(page, watch, to, from));
    if (followed.has(to) || isTab(to)) {
      enqueue(await linksIn(page, PAGE_LINKS), to);
    }
  }

  await record(testInfo, person.who, person.user, visits, [...external]);
  const failed = visits.filter(v => v.problems.length);
  expect(
    failed.map(v => `${v.path} (on ${v.from}): ${v.problems.join('; ')}`),
    `links that do not work for ${person.who}`,
  ).toEqual([]);
  // The crawl reached the entity pages' tabs, the pages the sidebar leads
  // to and what those link to, not only the sidebar.
  const visited = visits.map(v => v.path);
  expect(visited).toEqual(
    expect.arrayContaining([
      '/catalog',
      '/create',
      '/catalog/default/component/shop-api/releases',
      '/catalog/default/component/payments-api/logs',
      '/search?query=shop',
    ]),
  );
  expect(
    visits.filter(v => !['sidebar', 'start'].includes(v.from)).length,
  ).toBeGreaterThan(20);
}

test('every link the sidebar and the entity pages show works for the guest (storefront; a non-member on payments-api)', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await crawlAs(page, testInfo, {
    who: 'the guest',
    user: 'guest',
    team: 'storefront',
    otherComponent: 'payments-api',
  });
});

test('every link the sidebar and the entity pages show works for bob (payments; a non-member on shop-api)', async ({
  browser,
  baseURL,
}, testInfo) => {
  const page = await signInWithGitea(browser, baseURL, 'bob');
  await crawlAs(page, testInfo, {
    who: 'bob',
    user: 'bob',
    team: 'payments',
    otherComponent: 'shop-api',
  });
  await page.context().close();
});
