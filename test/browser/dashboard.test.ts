import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { AppTasksDocument, CreateAppDocument } from '../../src/client/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { startGateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { openBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { startCorral } from '../helpers/corral-process.ts';
import { scratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const appId = '/shop/web';
const wait = { timeout: 20_000 };

describe('the dashboard in a browser', () => {
  let cluster: TestCluster;
  let browser: TestBrowser;
  let page: Page;
  let navigations = 0;

  beforeAll(async () => {
    [cluster, browser] = await Promise.all([startCluster('pglite', [{}]), openBrowser()]);
    page = browser.page;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
  });
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  const app = (): Locator => page.locator(`article[data-app-id="${appId}"]`);
  const taskRows = (): Locator => app().locator('tbody tr[data-task-id]');
  const healthyRows = (): Locator => taskRows().filter({ has: page.locator('[data-role=task-health]', { hasText: /^HEALTHY$/ }) });
  const taskIds = async () => taskRows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-task-id')!));

  it('follows an app from creation to healthy, scales it, kills a task, shows an API error and a task output, without a reload', async () => {
    await page.goto(`${cluster.gateway.url}/`);
    await page.getByRole('status').getByText('live').waitFor(wait);
    await page.getByText('No app yet').waitFor(wait);
    // A reload or navigation would lose this.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // An app made elsewhere (the API) appears, and its task turns healthy.
    const { createApp } = await cluster.client.request(CreateAppDocument, {
      input: {
        id: appId,
        args: [process.execPath, server],
        cpus: 0.1,
        mem: 32,
        healthChecks: [{ protocol: 'HTTP', path: '/', intervalSeconds: 1, gracePeriodSeconds: 5, delaySeconds: 0, timeoutSeconds: 1 }],
      },
    });
    expect(createApp.__typename).toBe('CreateAppSuccess');
    await app().waitFor(wait);
    await healthyRows().first().waitFor(wait);
    expect(await taskRows().count()).toBe(1);
    await app().locator('[data-count=healthy] b', { hasText: /^1$/ }).waitFor(wait);

    // Scale with the page: a second task appears and turns healthy.
    await page.getByLabel(`instances of ${appId}`).fill('2');
    await app().getByRole('button', { name: 'Scale' }).click();
    await expect.poll(() => healthyRows().count(), wait).toBe(2);
    await app().locator('[data-role=app-status]', { hasText: 'RUNNING' }).waitFor(wait);

    // Kill a task from the page: it is replaced.
    const before = await taskIds();
    const killed = before[0]!;
    await app().locator(`tr[data-task-id="${killed}"]`).getByRole('button', { name: 'Kill' }).click();
    await expect.poll(async () => (await taskIds()).includes(killed), wait).toBe(false);
    await expect.poll(async () => (await taskIds()).filter((id) => !before.includes(id)).length, wait).toBe(1);
    await expect.poll(() => healthyRows().count(), wait).toBe(2);

    // The API refuses a negative scale: its message shows next to the scale control.
    await page.getByLabel(`instances of ${appId}`).fill('-1');
    await app().getByRole('button', { name: 'Scale' }).click();
    const problem = app().locator('[data-role=app-actions] [role=alert]');
    await problem.waitFor(wait);
    expect(await problem.textContent()).toMatch(/instances/);
    const { app: unchanged } = await cluster.client.request(AppTasksDocument, { id: appId });
    expect(unchanged?.definition.instances).toBe(2);

    // A task's stdout, read from its sandbox through the agent.
    const [first] = await taskIds();
    const row = app().locator(`tr[data-task-id="${first}"]`);
    const port = (await row.locator('td').nth(4).textContent())!.trim();
    await row.getByRole('button', { name: 'stdout' }).click();
    await page.locator('pre.output-text', { hasText: `listening on ${port}` }).waitFor(wait);

    // The events of all that came through the subscription, into the same document.
    await page.locator('.events li', { hasText: 'task.health' }).first().waitFor(wait);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(navigations).toBe(1);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}dashboard.png`, fullPage: true });
  });

  it('installs a package from the catalog through a form made from its options schema', async () => {
    const catalog = page.getByRole('region', { name: /Catalog/ });
    await catalog.getByLabel('Search packages').fill('hello');
    const card = catalog.locator('li[data-package=node-hello]');
    await card.getByRole('button', { name: 'Install…' }).click();
    const form = page.getByRole('form', { name: 'install node-hello' });
    const option = (pointer: string) => form.locator(`[data-pointer="${pointer}"] input`);
    // Defaults pre-filled, descriptions as hints.
    await option('/greeting').waitFor(wait);
    expect(await option('/greeting').inputValue()).toBe('Hello from Corral');
    expect(await option('/mem').inputValue()).toBe('64');
    await form.getByText('What the service answers to every request').waitFor(wait);

    // The API checks the options against the schema: its problem shows at the field.
    await option('/mem').fill('1');
    await form.getByRole('button', { name: 'Install' }).click();
    await form.locator('[data-pointer="/mem"] [role=alert]', { hasText: '>= 32' }).waitFor(wait);

    await option('/mem').fill('32');
    await option('/greeting').fill('Hi from the browser');
    await form.getByLabel('app id').fill('/catalog/hello');
    await form.getByRole('button', { name: 'Install' }).click();
    await form.getByRole('status').getByText('/catalog/hello').waitFor(wait);
    const installed = page.locator('article[data-app-id="/catalog/hello"]');
    await installed.locator('[data-role=task-state]', { hasText: 'RUNNING' }).waitFor(wait);
    const port = (await installed.locator('tbody tr td').nth(4).textContent())!.trim();
    const greeting = await eventually('the installed app to answer', async () => (await fetch(`http://127.0.0.1:${port}/`)).text());
    expect(greeting.trim()).toBe('Hi from the browser');
  });

  it('asks for an API token where the gateway requires one', async () => {
    const scratch = await scratchDatabase('pglite');
    const db = await openDatabase(scratch.target);
    const adminToken = newSecret('api');
    const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), adminToken, tokensRequired: true });
    const other = await browser.context.newPage();
    try {
      await other.goto(`${gateway.url}/`);
      const token = other.getByLabel('API token');
      await token.waitFor(wait);
      await other.getByText('requires an API token').first().waitFor(wait);
      // It says where the token is.
      await other.getByText(/corral dev prints a link to this page with its token .* api-token file/).waitFor(wait);
      await token.fill(adminToken);
      await other.getByRole('button', { name: 'Use token' }).click();
      await other.getByRole('status').getByText('live').waitFor(wait);
      await other.getByText('No app yet').waitFor(wait);
      expect(await other.getByLabel('API token').count()).toBe(0);
    } finally {
      await other.close();
      await gateway.close();
      await db.close();
      await scratch.drop();
    }
  });

  it('opens from the link corral dev prints: keeps its token, and takes it out of the address bar', async () => {
    const home = mkdtempSync(join(tmpdir(), 'corral-dashboard-'));
    const dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent']);
    const other = await browser.context.newPage();
    try {
      const link = /^Dashboard: (\S+)$/m.exec(dev.output())?.[1];
      expect(link).toBe(`${dev.url}/#token=${dev.token}`);
      await other.goto(link!);
      // The queries and the events socket carry the token: without it the page would ask for one.
      await other.getByRole('status').getByText('live').waitFor(wait);
      await other.getByText('No app yet').waitFor(wait);
      expect(other.url()).toBe(`${dev.url}/`);
      expect(await other.evaluate(() => localStorage.getItem('corral.token'))).toBe(dev.token);
      await other.reload();
      await other.getByRole('status').getByText('live').waitFor(wait);
      expect(await other.getByLabel('API token').count()).toBe(0);
    } finally {
      await other.close();
      await dev.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
