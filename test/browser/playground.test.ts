import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { openBrowser, type TestBrowser } from '../helpers/browser.ts';
import { scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const wait = { timeout: 30_000 };

/** What the Monaco editors show, with their non-breaking spaces as spaces. */
// biome-ignore lint/performance/useDomNodeTextContent: Monaco's lines are elements of their own: only innerText breaks lines between them
const shown = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');

describe('the GraphQL playground in a browser on a network without internet', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  let browser: TestBrowser;
  let page: Page;
  const adminToken = newSecret('api');
  /** Every request the page made anywhere but the gateway: each was refused, as no internet would. */
  const outside: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    scratch = await scratchDatabase('pglite');
    db = await openDatabase(scratch.target);
    [gateway, browser] = await Promise.all([
      startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), adminToken, tokensRequired: true }),
      openBrowser(),
    ]);
    page = browser.page;
    const own = new URL(gateway.url).origin;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      if (new URL(url).origin === own) return route.continue();
      outside.push(url);
      return route.abort('internetdisconnected');
    });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  /** A request of the test's own, as another client would send it. */
  const graphql = async (query: string) => {
    const answer = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ query }),
    });
    return answer.json();
  };

  const editor = '.graphiql-query-editor .monaco-editor .view-lines';
  const response = '.graphiql-response';

  /** Replaces the operation in the editor, as typing would, and waits for GraphiQL to have read it (its tab takes the name). */
  const write = async (operation: string, name: string) => {
    await page.locator(editor).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(operation);
    await activeTab(name).waitFor(wait);
  };
  /** The selected tab, by the operation it is named after. */
  const activeTab = (name: string) => page.locator('.graphiql-tab-active').getByRole('button', { name, exact: true });

  it('loads from the gateway alone, shows the tour, and says how to get a token', async () => {
    await page.goto(`${gateway.url}/graphql`);
    await page.locator(editor).waitFor(wait);
    expect(await shown(page, editor)).toContain("Corral's GraphQL playground: a short tour.");
    // Without a token the schema cannot be read: the page says so, and what to do.
    const note = page.locator('#playground-bar .note');
    await note.getByText('requires an API token').waitFor(wait);
    await note.getByText('.corral/api-token').waitFor(wait);
    // GraphiQL's explorer plugin, from the same files.
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).waitFor(wait);
    expect(outside).toEqual([]);
  });

  it('takes a token, runs a query with it, and streams an event live through a subscription', async () => {
    await page.getByLabel('API token').fill(adminToken);
    await page.getByRole('button', { name: 'Use token' }).click();
    await page.locator('#playground-bar .note', { hasText: 'kept in this browser' }).waitFor(wait);
    await page.locator(editor).waitFor(wait);

    await write('query Mine { apps(first: 5) { totalCount } }', 'Mine');
    await page.keyboard.press('Control+Enter');
    await page.locator(response, { hasText: '"totalCount": 0' }).waitFor(wait);

    await write('subscription Live { events(types: ["app.created"]) { type subject } }', 'Live');
    await page.keyboard.press('Control+Enter');
    // Running, the run button stops the subscription instead.
    await page.getByRole('button', { name: /Stop/ }).waitFor(wait);
    // The subscription starts on the gateway a moment after the button turns: an app made before
    // then is not seen (new events only), so apps are made until one arrives, each after the last.
    let seen: string | undefined;
    for (let attempt = 1; attempt <= 10 && !seen; attempt++) {
      const id = `/live/app-${attempt}`;
      const created = await graphql(`mutation { createApp(input: { id: "${id}", cmd: "sleep 60", cpus: 0.01, mem: 8, instances: 0 }) { __typename } }`);
      expect(created).toEqual({ data: { createApp: { __typename: 'CreateAppSuccess' } } });
      const arrived = await page
        .locator(response, { hasText: `"subject": "${id}"` })
        .waitFor({ timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
      if (arrived) seen = id;
    }
    expect(seen, 'an app.created event in the subscription').toBeDefined();
    expect(await shown(page, response)).toContain('"type": "app.created"');
    await page.getByRole('button', { name: /Stop/ }).click();
    expect(outside).toEqual([]);
  });

  it('keeps the token across a reload, never in an address', async () => {
    await page.reload();
    await page.locator(editor).waitFor(wait);
    expect(await page.getByLabel('API token').inputValue()).toBe(adminToken);
    expect(await page.evaluate(() => localStorage.getItem('corral.token'))).toBe(adminToken);
    // The schema was read with the kept token: a query runs at once.
    await write('query Again { apps(first: 5) { totalCount } }', 'Again');
    await page.keyboard.press('Control+Enter');
    const { data } = await graphql('{ apps(first: 1) { totalCount } }');
    expect(data.apps.totalCount).toBeGreaterThan(0);
    await page.locator(response, { hasText: `"totalCount": ${data.apps.totalCount}` }).waitFor(wait);
    expect(page.url()).not.toContain(adminToken);
    expect(requested.filter((url) => url.includes(adminToken))).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('opens a documented operation from Examples in a tab of its own', async () => {
    await page.getByLabel('Examples').selectOption({ label: 'ApiTokens' });
    await activeTab('ApiTokens').waitFor(wait);
    expect(await shown(page, editor)).toContain('query ApiTokens');
    await page.locator(editor).click();
    await page.keyboard.press('Control+Enter');
    await page.locator(response, { hasText: '"apiTokens"' }).waitFor(wait);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}playground.png` });
    expect(outside).toEqual([]);
  });
});
