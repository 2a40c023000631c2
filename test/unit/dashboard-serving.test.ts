import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardBundle, dashboardHandler, isDashboardPath } from '../../src/dashboard/index.ts';

describe('the dashboard as the gateway serves it', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const handler = dashboardHandler();
    server = createServer((req, res) => void handler(req, res, (req.url ?? '/').split('?')[0]!));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('bundles the page once, script and styles', async () => {
    const bundle = await dashboardBundle();
    expect(await dashboardBundle()).toBe(bundle);
    expect(bundle.js.length).toBeGreaterThan(10_000);
    expect(new TextDecoder().decode(bundle.css)).toContain('.app-head');
    expect(bundle.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('answers / with the page, which asks for this very bundle', async () => {
    const { version } = await dashboardBundle();
    const page = await fetch(`${url}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`src="dashboard/app.js?v=${version}"`);
    expect(html).toContain(`href="dashboard/app.css?v=${version}"`);
    const script = await fetch(`${url}/dashboard/app.js?v=${version}`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await script.text()).length).toBeGreaterThan(10_000);
    expect((await fetch(`${url}/dashboard/app.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('refuses what it does not serve', async () => {
    expect((await fetch(`${url}/dashboard/other.js`)).status).toBe(404);
    expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(405);
    expect(isDashboardPath('/graphql')).toBe(false);
    expect(isDashboardPath('/healthz')).toBe(false);
    expect(isDashboardPath('/agent/v1/poll')).toBe(false);
  });
});
