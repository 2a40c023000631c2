import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint, ServiceTable } from '../../src/agent/index.ts';
import { RoundRobin, ServiceProxy } from '../../src/agent/service-proxy/index.ts';
import { versioned } from '../../src/discovery/index.ts';
import { eventually } from '../helpers/subscription.ts';

// Test files run in parallel workers: this one listens on a loopback address of its own.
const address = `127.0.0.${200 + Number(process.env.VITEST_POOL_ID ?? 1)}`;

/** A TCP server that answers every connection with its name and closes. */
async function upstream(name: string): Promise<Server & { endpoint: Endpoint }> {
  const server = createServer((socket) => socket.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(server, { endpoint: { host: '127.0.0.1', port: (server.address() as AddressInfo).port } });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, address, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** What the service port answers: the upstream's name, or the error of the connection. */
function ask(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

const table = (servicePort: number, endpoints: Endpoint[]): ServiceTable => versioned([{ appId: '/shop/web', portIndex: 0, servicePort, endpoints }]);

describe('round robin', () => {
  it('starts one further along at each turn, and carries its turn over a changed list', () => {
    const turns = new RoundRobin<string>();
    expect([turns.order(['a', 'b', 'c']), turns.order(['a', 'b', 'c']), turns.order(['a', 'b', 'c'])]).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
    ]);
    expect(turns.order(['a', 'b'])).toEqual(['a', 'b']);
    expect(turns.order([])).toEqual([]);
  });
});

describe('the service proxy of an agent', () => {
  let a: Awaited<ReturnType<typeof upstream>>;
  let b: Awaited<ReturnType<typeof upstream>>;
  let proxy: ServiceProxy;
  beforeAll(async () => {
    [a, b] = await Promise.all([upstream('a'), upstream('b')]);
  });
  afterAll(() => {
    a.close();
    b.close();
  });
  afterEach(() => proxy?.close());
  const start = (options: ConstructorParameters<typeof ServiceProxy>[0] = {}) => (proxy = new ServiceProxy({ address, retryMs: 100, ...options }));
  const listening = (port: number) => eventually(`the proxy to listen on ${port}`, () => proxy.listeningPorts().includes(port), 5000, 10);

  it('forwards each connection to the endpoints in turn', async () => {
    const port = await freePort();
    start().apply(table(port, [a.endpoint, b.endpoint]));
    await listening(port);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask(port));
    expect(answers).toEqual(['a', 'b', 'a', 'b']);
    expect(proxy.version).toMatch(/^\S{22}$/);
  });

  it('refuses a connection at once while the app has no endpoint, and listens again when it has one', async () => {
    const port = await freePort();
    start().apply(table(port, [a.endpoint]));
    await listening(port);
    proxy.apply(table(port, []));
    const began = Date.now();
    expect(await ask(port)).toBe('ECONNREFUSED');
    expect(Date.now() - began).toBeLessThan(500);
    proxy.apply(table(port, [b.endpoint]));
    await listening(port);
    expect(await ask(port)).toBe('b');
  });

  it('follows a new table: new endpoints at once, a service that is gone is closed', async () => {
    const port = await freePort();
    start().apply(table(port, [a.endpoint]));
    await listening(port);
    expect(await ask(port)).toBe('a');
    proxy.apply(table(port, [b.endpoint]));
    expect([await ask(port), await ask(port)]).toEqual(['b', 'b']);
    proxy.apply(versioned([]));
    expect(proxy.listeningPorts()).toEqual([]);
    expect(await ask(port)).toBe('ECONNREFUSED');
  });

  it('falls back to the next endpoint when one refuses (a task that just ended)', async () => {
    const gone = await upstream('gone');
    const dead = gone.endpoint;
    await new Promise((resolve) => gone.close(resolve));
    const port = await freePort();
    start().apply(table(port, [dead, a.endpoint]));
    await listening(port);
    expect([await ask(port), await ask(port), await ask(port)]).toEqual(['a', 'a', 'a']);
  });

  it('carries bytes both ways, a half-close included', async () => {
    const echo = createServer({ allowHalfOpen: true }, (socket) => {
      let got = '';
      socket.on('data', (chunk) => (got += chunk));
      socket.on('end', () => socket.end(`echo:${got}`));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    start().apply(table(port, [{ host: '127.0.0.1', port: (echo.address() as AddressInfo).port }]));
    await listening(port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: address, port, allowHalfOpen: true }, () => socket.end('x'.repeat(100_000)));
      let got = '';
      socket.on('data', (chunk) => (got += chunk));
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    echo.close();
    expect(answer).toBe(`echo:${'x'.repeat(100_000)}`);
  });

  it('leaves alone a service port among the ports the agent gives tasks', async () => {
    const port = await freePort();
    start({ taskPorts: [[port - 1, port + 1]] }).apply(table(port, [a.endpoint]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.listeningPorts()).toEqual([]);
  });

  it('takes a port something else holds once it is free', async () => {
    const port = await freePort();
    const squatter = createServer((socket) => socket.end('squatter'));
    await new Promise<void>((resolve) => squatter.listen(port, address, resolve));
    start().apply(table(port, [a.endpoint]));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await ask(port)).toBe('squatter');
    await new Promise((resolve) => squatter.close(resolve));
    await listening(port);
    expect(await ask(port)).toBe('a');
  });
});
