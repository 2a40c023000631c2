import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsDocument, GatewayClient } from '../../src/client/index.ts';
import { openBrowser, type TestBrowser } from '../helpers/browser.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';

// Issue 19, B2 as it was found: a page of another origin, opened in a real
// browser on the machine that runs `corral dev`, created an app (that ran
// `id`) with a fetch(). And B3: the same page under a name of its own,
// rebound to 127.0.0.1 (Chromium's --host-resolver-rules plays the DNS).

const rebound = 'rebind.evil.example';

/** The attacker's page: every way it has to reach the gateway, each one's outcome kept in window.outcomes. */
function attackPage(gateway: string): string {
  const body = JSON.stringify({
    query: 'mutation ($input: AppInput!) { createApp(input: $input) { __typename } }',
    variables: { input: { id: '/pwned', cmd: 'id', mem: 16, cpus: 0.1 } },
  });
  return `<!doctype html><title>cute cats</title><script>
const gateway = ${JSON.stringify(gateway)};
const body = ${JSON.stringify(body)};
const outcome = (promise) => promise.then((response) => 'HTTP ' + response.status, (error) => 'failed: ' + error.message);
window.outcomes = (async () => ({
  json: await outcome(fetch(gateway + '/graphql', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body }).then(async (response) => ({ status: response.status + ' ' + (await response.text()) }))),
  simple: await outcome(fetch(gateway + '/graphql', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body })),
  socket: await new Promise((resolve) => {
    const socket = new WebSocket(gateway.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
    socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
    socket.onmessage = (event) => resolve('message: ' + event.data);
    socket.onclose = (event) => resolve('closed ' + event.code);
  }),
}))();
</script>`;
}

describe('a page of another site in Chromium, against corral dev', () => {
  let home: string;
  let dev: RunningCorral;
  let attacker: Server;
  let browser: TestBrowser;
  let client: GatewayClient;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'corral-origin-browser-'));
    [dev, browser] = await Promise.all([
      startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent']),
      openBrowser(undefined, [`--host-resolver-rules=MAP ${rebound} 127.0.0.1`]),
    ]);
    client = new GatewayClient({ url: dev.url, token: dev.token });
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(dev.url)));
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await browser?.close();
    attacker?.close();
    await dev?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('cannot create an app with fetch(), a form-like POST or a WebSocket', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      const outcomes = await page.evaluate(() => (window as unknown as { outcomes: Promise<Record<string, string>> }).outcomes);
      // The preflight is refused without CORS headers: the browser does not even send the POST.
      expect(outcomes.json).toMatch(/^failed: /);
      // Sent blind (no-cors), and refused: the page may not read the answer, and nothing is created.
      expect(outcomes.simple).toBe('HTTP 0');
      expect(outcomes.socket).toMatch(/^closed /);
      expect((await client.request(AppsDocument, {})).apps.edges).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('cannot reach it under a name of its own rebound to 127.0.0.1', async () => {
    const page = await browser.context.newPage();
    try {
      const port = new URL(dev.url).port;
      const answer = await page.goto(`http://${rebound}:${port}/`);
      expect(answer?.status()).toBe(403);
      expect(await page.textContent('body')).toContain(`does not answer to the name \\"${rebound}\\"`);
      // Now same-origin for the browser: only the Host name gives it away.
      const status = await page.evaluate(
        async () =>
          (
            await fetch('/graphql', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ query: '{ apps { totalCount } }' }),
            })
          ).status,
      );
      expect(status).toBe(403);
      expect((await client.request(AppsDocument, {})).apps.edges).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
