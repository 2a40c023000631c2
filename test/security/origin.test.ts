import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHome, runCorral, startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';

// Issue 19, B2 and B3: a web page of another site, opened on the machine that
// runs `corral dev`, drove its API through the browser (CORS echoed any Origin,
// and no token was needed), or reached it under a name of its own that it had
// rebound to 127.0.0.1 (DNS rebinding).

const createApp = (id: string) =>
  JSON.stringify({
    query: 'mutation ($input: AppInput!) { createApp(input: $input) { __typename } }',
    variables: { input: { id, cmd: 'id', mem: 16, cpus: 0.1 } },
  });
const appsQuery = JSON.stringify({ query: '{ apps(first: 50) { edges { node { id } } } }' });

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (fetch would not send a Host of our choosing). */
function send(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A WebSocket handshake on /graphql: 101 when the gateway would take the socket, else its status and reason. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({
      host: hostname,
      port,
      path: '/graphql',
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-protocol': 'graphql-transport-ws',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = { 'content-type': 'application/json', accept: 'application/json' };

describe('corral dev against pages of other sites', () => {
  let home: string;
  let dev: RunningCorral;
  let token: string;
  let host: string;
  const graphql = (headers: Record<string, string>, body: string) => send(dev.url, '/graphql', { method: 'POST', headers: { ...json, ...headers }, body });
  const storedApps = async () => {
    const answer = await graphql({ authorization: `Bearer ${token}` }, appsQuery);
    expect(answer.status, answer.body).toBe(200);
    return (JSON.parse(answer.body) as { data: { apps: { edges: { node: { id: string } }[] } } }).data.apps.edges.map((edge) => edge.node.id);
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'corral-origin-'));
    dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent', '--allowed-hosts', 'corral.test,.lan.example']);
    token = readFileSync(join(home, 'api-token'), 'utf8').trim();
    host = new URL(dev.url).host;
  });
  afterAll(async () => {
    await dev?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('refuses a createApp sent with the Origin of another site (403, no CORS echo), with or without a token, and stores nothing', async () => {
    for (const headers of [
      { origin: 'http://evil.example' } as Record<string, string>,
      { origin: 'http://evil.example', authorization: `Bearer ${token}` },
      { origin: 'null' },
    ]) {
      const answer = await graphql(headers, createApp('/pwned'));
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
      expect(JSON.parse(answer.body).errors[0].message).toMatch(/^a page of another origin \(.+\) may not use this gateway/);
    }
    // The browser's preflight of that fetch gets no CORS permission either.
    const preflight = await send(dev.url, '/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(await storedApps()).toEqual([]);
  });

  it('refuses other Origins on the event stream (SSE), /metrics, /v1/discovery and the WebSocket, but serves the dashboard page', async () => {
    const evil = { origin: 'http://evil.example', authorization: `Bearer ${token}` };
    const sse = await send(dev.url, `/graphql?query=${encodeURIComponent('subscription { events { type } }')}`, {
      headers: { ...evil, accept: 'text/event-stream', 'x-corral-csrf': '1' },
    });
    expect(sse.status).toBe(403);
    expect((await send(dev.url, '/metrics', { headers: evil })).status).toBe(403);
    const discovery = await send(dev.url, '/v1/discovery/web', { headers: evil });
    expect(discovery.status).toBe(403);
    expect(JSON.parse(discovery.body).error).toMatch(/another origin/);
    expect(await upgrade(dev.url, { origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect((await send(dev.url, '/', { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });

  it('answers 401 to a request without a token, even on loopback', async () => {
    const answer = await graphql({}, createApp('/no-token'));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).errors[0].message).toMatch(/requires an API token/);
    expect((await send(dev.url, '/metrics', {})).status).toBe(401);
    expect(await storedApps()).toEqual([]);
  });

  it('works with the token kept in its data folder (readable by its user only), from scripts and from its own pages', async () => {
    expect(statSync(join(home, 'api-token')).mode & 0o777).toBe(0o600);
    expect(dev.token).toBe(token);
    const created = await graphql({ authorization: `Bearer ${token}` }, createApp('/with-token'));
    expect(JSON.parse(created.body)).toEqual({ data: { createApp: { __typename: 'CreateAppSuccess' } } });
    // The dashboard's own requests carry its Origin.
    const sameOrigin = await graphql({ authorization: `Bearer ${token}`, origin: dev.url }, appsQuery);
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
    expect(await storedApps()).toEqual(['/with-token']);
  });

  it('is driven by the CLI on the same machine without --token', async () => {
    for (const url of [dev.url, dev.url.replace('127.0.0.1', 'localhost')]) {
      const listed = await runCorral(['app', 'list', '--json'], { CORRAL_URL: url, CORRAL_TOKEN: undefined });
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).map((app: { id: string }) => app.id)).toEqual(['/with-token']);
    }
  });

  it('refuses a Host name it does not go by (DNS rebinding), on HTTP and on the WebSocket, naming the flag', async () => {
    const port = new URL(dev.url).port;
    for (const headers of [
      { host: `rebind.evil.example:${port}` } as Record<string, string>,
      { host: `rebind.evil.example:${port}`, authorization: `Bearer ${token}`, origin: `http://rebind.evil.example:${port}` },
    ]) {
      const answer = await graphql(headers, createApp('/rebound'));
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body).errors[0].message).toBe(
        'this gateway does not answer to the name "rebind.evil.example" (a guard against DNS rebinding): if that is how you reach it, start it with --allowed-hosts rebind.evil.example (or CORRAL_ALLOWED_HOSTS)',
      );
    }
    expect((await send(dev.url, '/', { headers: { host: `rebind.evil.example:${port}` } })).status).toBe(403);
    const socket = await upgrade(dev.url, { host: `rebind.evil.example:${port}`, origin: `http://rebind.evil.example:${port}` });
    expect(socket.status).toBe(403);
    expect(socket.body).toMatch(/does not answer to the name "rebind\.evil\.example"/);
    expect(await upgrade(dev.url, { host, origin: dev.url })).toMatchObject({ status: 101 });
    expect(await storedApps()).toEqual(['/with-token']);
  });

  it('answers its own names and those of --allowed-hosts', async () => {
    const port = new URL(dev.url).port;
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'corral.test', 'CORRAL.TEST', 'box.lan.example', 'lan.example']) {
      const answer = await graphql({ host: `${name}:${port}`, origin: `http://${name}:${port}`, authorization: `Bearer ${token}` }, appsQuery);
      expect(answer.status, name).toBe(200);
    }
    expect(await upgrade(dev.url, { host: `corral.test:${port}`, origin: `http://corral.test:${port}` })).toMatchObject({ status: 101 });
    expect((await graphql({ host: `notlan.example:${port}`, authorization: `Bearer ${token}` }, appsQuery)).status).toBe(403);
  });

  it("keeps its token across a restart, and takes the CLI's file away when it stops", async () => {
    const files = readdirDev();
    expect(files).toHaveLength(1);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
    expect(await dev.stop('SIGINT')).toBe(0);
    expect(existsSync(files[0]!)).toBe(false);
    dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent']);
    expect(dev.token).toBe(token);
    expect(await storedApps()).toEqual(['/with-token']);
  });

  it('makes itself a new token when its own was revoked, rather than undo the revocation', async () => {
    const cli = (...args: string[]) => runCorral([...args, '--json'], { CORRAL_URL: dev.url, CORRAL_TOKEN: undefined });
    const tokens = JSON.parse((await cli('token', 'list')).stdout) as { id: string; role: string }[];
    const own = tokens.find((found) => found.role === 'ADMIN')!;
    expect((await cli('token', 'revoke', own.id)).code).toBe(0);
    expect((await graphql({ authorization: `Bearer ${token}` }, appsQuery)).status).toBe(401);
    expect(await dev.stop('SIGINT')).toBe(0);

    dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent']);
    expect(dev.output()).toContain(`The admin token in ${join(home, 'api-token')} was revoked: this is a new one`);
    expect(dev.token).not.toBe(token);
    expect(readFileSync(join(home, 'api-token'), 'utf8').trim()).toBe(dev.token);
    expect((await graphql({ authorization: `Bearer ${token}` }, appsQuery)).status).toBe(401);
    token = dev.token!;
    expect(await storedApps()).toEqual(['/with-token']);
    expect((await cli('app', 'list')).code).toBe(0);
  });
});

describe('corral dev --no-auth', () => {
  it('needs no token, and still refuses other Origins and foreign Host names', async () => {
    const home = mkdtempSync(join(tmpdir(), 'corral-origin-'));
    const dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0', '--no-agent', '--no-auth']);
    try {
      expect(dev.output()).toMatch(/^API tokens are off \(--no-auth\)/m);
      expect(existsSync(join(home, 'api-token'))).toBe(false);
      const send200 = await send(dev.url, '/graphql', { method: 'POST', headers: json, body: appsQuery });
      expect(send200.status).toBe(200);
      expect((await send(dev.url, '/graphql', { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body: createApp('/pwned') })).status).toBe(
        403,
      );
      expect((await send(dev.url, '/graphql', { method: 'POST', headers: { ...json, host: 'rebind.evil.example' }, body: createApp('/pwned') })).status).toBe(
        403,
      );
      expect(JSON.parse((await send(dev.url, '/graphql', { method: 'POST', headers: json, body: appsQuery })).body).data.apps.edges).toEqual([]);
    } finally {
      await dev.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe.runIf(databaseKinds.includes('postgres'))('corral server and Host names', () => {
  let scratch: ScratchDatabase;
  const servers: RunningCorral[] = [];
  beforeAll(async () => {
    scratch = await scratchDatabase('postgres');
  });
  afterAll(async () => {
    for (const server of servers) await server.stop();
    await scratch?.drop();
  });

  it('on 0.0.0.0 answers any name unless --allowed-hosts lists them; on loopback only its own; never another Origin', async () => {
    const start = async (...args: string[]) => {
      const server = await startCorral([...scratch.cliArgs, '--port', '0', ...args]);
      servers.push(server);
      return server;
    };
    const [open, listed, loopback] = await Promise.all([
      start('--host', '0.0.0.0'),
      start('--host', '0.0.0.0', '--allowed-hosts', 'corral.test'),
      start('--host', '127.0.0.1'),
    ]);
    const ask = (server: RunningCorral, headers: Record<string, string>) =>
      send(server.url, '/graphql', { method: 'POST', headers: { ...json, ...headers }, body: appsQuery });
    const port = (server: RunningCorral) => new URL(server.url).port;
    expect(open.output()).toMatch(/name this gateway with --allowed-hosts/);
    expect((await ask(open, { host: `rebind.evil.example:${port(open)}` })).status).toBe(200);
    expect((await ask(open, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await ask(listed, { host: `rebind.evil.example:${port(listed)}` })).status).toBe(403);
    expect((await ask(listed, { host: `corral.test:${port(listed)}` })).status).toBe(200);
    expect((await ask(loopback, { host: `rebind.evil.example:${port(loopback)}` })).status).toBe(403);
    expect((await ask(loopback, {})).status).toBe(200);
  });
});

/** The files corral dev wrote for the CLI (in this test file's config folder, see corral-process.ts). */
function readdirDev(): string[] {
  const dir = join(configHome, 'dev');
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
}
