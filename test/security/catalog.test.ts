import { spawnSync } from 'node:child_process';
import { chmodSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCatalogRepositoryDocument,
  CatalogRepositoriesDocument,
  GatewayClient,
  InstallPackageDocument,
  PackageDocument,
  PackagesDocument,
  RenderPackageDocument,
  UpgradePackageDocument,
} from '../../src/client/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { startGateway, type GatewayOptions } from '../../src/server/index.ts';
import { startCorral } from '../helpers/corral-process.ts';
import { databaseKinds, scratchDatabase, type DatabaseKind } from '../helpers/databases.ts';

const catalogFixture = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));
const universe = fileURLToPath(new URL('../../universe/packages', import.meta.url));

/** A gateway (no agents) on a scratch database of `kind`, with the given options. */
async function catalogGateway(kind: DatabaseKind, options: Partial<GatewayOptions> = {}) {
  const scratch = await scratchDatabase(kind);
  const db = await openDatabase(scratch.target);
  const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), ...options });
  const client = new GatewayClient({ url: gateway.url });
  return {
    client,
    stop: async () => {
      await client.close();
      await gateway.close();
      await db.close();
      await scratch.drop();
    },
  };
}

/** Serves a folder over HTTP on `host` and counts the requests it gets. */
async function serveFolder(root: string, host = '127.0.0.1') {
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root) || !statSync(path, { throwIfNoEntry: false })?.isFile()) return response.writeHead(404).end('not found');
    response.writeHead(200);
    createReadStream(path).pipe(response);
  });
  const port = await listen(server, host);
  return { port, url: `http://${host}:${port}/`, requests: () => requests, close: () => close(server) };
}

async function listen(server: Server | TcpServer, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

const connections = new WeakMap<Server | TcpServer, Set<Socket>>();

/** A TCP server whose connections close() ends too (net.Server waits for them otherwise). */
function tcpServer(handle: (socket: Socket) => void = () => undefined): TcpServer {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    handle(socket);
  });
  connections.set(server, sockets);
  return server;
}

function close(server: Server | TcpServer): Promise<void> {
  if ('closeAllConnections' in server) server.closeAllConnections();
  for (const socket of connections.get(server) ?? []) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An address of this machine outside loopback and link-local (a private one, which gateways may fetch from), if it has one. */
function privateAddressOfThisMachine(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((found) => found && found.family === 'IPv4' && !found.internal && !found.address.startsWith('169.254.'))?.address;
}

type Answer = { __typename: string; fields?: { field: string; message: string }[] | null; reason?: string; message?: string };

describe.each(databaseKinds)('the catalog as an attacker would use it, on %s', (kind) => {
  /** A gateway as `corral server` starts by default */
  let guarded: Awaited<ReturnType<typeof catalogGateway>>;
  /** One started with --allow-internal-repositories, and a body limit raised far above the default so that only the catalog's own bounds stand */
  let open: Awaited<ReturnType<typeof catalogGateway>>;
  beforeAll(async () => {
    [guarded, open] = await Promise.all([
      catalogGateway(kind),
      catalogGateway(kind, { allowInternalRepositories: true, limits: { maxBodyBytes: 128 * 1024 * 1024 } }),
    ]);
  });
  afterAll(async () => {
    await guarded?.stop();
    await open?.stop();
  });

  const add = async (client: GatewayClient, name: string, uri: string) =>
    (await client.request(AddCatalogRepositoryDocument, { name, uri })).addCatalogRepository as Answer;

  it('refuses repositories on loopback, link-local and unspecified addresses without fetching them, and says which flag allows them', async () => {
    const served = await serveFolder(catalogFixture);
    try {
      const internal = [
        [served.url, '127.0.0.1 is a loopback address'],
        [`http://localhost:${served.port}/`, 'is a loopback address'],
        [`http://[::1]:${served.port}/`, '::1 is a loopback address'],
        [`http://[::ffff:127.0.0.1]:${served.port}/`, 'is a loopback address'],
        [`http://2130706433:${served.port}/`, '127.0.0.1 is a loopback address'],
        [`http://0.0.0.0:${served.port}/`, '0.0.0.0 is an unspecified address'],
        ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address (cloud metadata among them)'],
        ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
      ];
      for (const [uri, why] of internal) {
        const answer = await add(guarded.client, 'inside', uri!);
        expect(answer.__typename, uri).toBe('ValidationError');
        expect(answer.fields).toEqual([{ field: 'uri', message: expect.stringContaining(why!) }]);
        expect(answer.fields![0]!.message).toContain('--allow-internal-repositories');
      }
      expect(served.requests()).toBe(0);
      expect((await guarded.client.request(CatalogRepositoriesDocument, {})).catalogRepositories.map((one) => one.name)).toEqual(['universe']);

      // A redirect is checked as the first address was: an allowed server cannot send the gateway to loopback.
      const outside = privateAddressOfThisMachine();
      if (outside) {
        const redirector = createServer((_request, response) => response.writeHead(302, { location: `${served.url}index.json` }).end());
        const port = await listen(redirector, outside);
        try {
          const answer = await add(guarded.client, 'redirected', `http://${outside}:${port}/`);
          expect(answer).toMatchObject({ __typename: 'CatalogRepositoryUnreadableError', reason: expect.stringContaining('127.0.0.1 is a loopback address') });
        } finally {
          await close(redirector);
        }
        expect(served.requests()).toBe(0);
      }

      // With the flag, the same repository is read.
      const added = await add(open.client, 'on-loopback', served.url);
      expect(added).toMatchObject({ __typename: 'AddCatalogRepositorySuccess', data: { uri: served.url, packageCount: 5 } });
      expect(served.requests()).toBeGreaterThan(0);
    } finally {
      await served.close();
    }
  });

  it('gives one message for a closed port, a port that speaks something else, a reset and an HTTP error', async () => {
    const probe = tcpServer();
    const closedPort = await listen(probe);
    await close(probe);
    const banner = tcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    const reset = tcpServer((socket) => socket.resetAndDestroy());
    const failing = createServer((_request, response) => response.writeHead(500).end('database password is hunter2'));
    const ports = { closed: closedPort, banner: await listen(banner), reset: await listen(reset), failing: await listen(failing) };
    try {
      const reasons: Record<string, string> = {};
      for (const [what, port] of Object.entries(ports)) {
        const answer = await add(open.client, `probe-${what}`, `http://127.0.0.1:${port}/`);
        expect(answer.__typename, what).toBe('CatalogRepositoryUnreadableError');
        reasons[what] = answer.reason!.replaceAll(String(port), 'PORT');
      }
      expect(new Set(Object.values(reasons))).toEqual(new Set(['cannot fetch http://127.0.0.1:PORT/index.json']));
    } finally {
      await Promise.all([close(banner), close(reset), close(failing)]);
    }
  });

  it('cuts the download of a repository index past 64 MiB and says so', async () => {
    const sent = { bytes: 0, cut: false, finished: false };
    const endless = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, ' ');
      const more = () => {
        while (sent.bytes < 1024 * 1024 * 1024) {
          sent.bytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        sent.finished = true;
        response.end();
      };
      response.on('close', () => (sent.cut = !sent.finished));
      more();
    });
    const declared = createServer((_request, response) => {
      response.writeHead(200, { 'content-length': String(450 * 1024 * 1024) });
      response.write('{');
    });
    const port = await listen(endless);
    const declaredPort = await listen(declared);
    try {
      const started = Date.now();
      const answer = await add(open.client, 'huge', `http://127.0.0.1:${port}/`);
      expect(answer).toMatchObject({
        __typename: 'CatalogRepositoryUnreadableError',
        reason: `http://127.0.0.1:${port}/index.json is larger than 64 MiB, the most a repository file may be`,
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect.poll(() => sent.cut).toBe(true);
      // Past the limit by no more than what the sockets' buffers held
      expect(sent.bytes).toBeLessThan(96 * 1024 * 1024);
      expect(await add(open.client, 'declared', `http://127.0.0.1:${declaredPort}/`)).toMatchObject({
        reason: expect.stringContaining('is larger than 64 MiB'),
      });
    } finally {
      await Promise.all([close(endless), close(declared)]);
    }
  });

  it('does not show the text of a file on the gateway that is not JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'corral-not-json-'));
    try {
      writeFileSync(join(folder, 'secrets.json'), 'root-password=hunter2-and-more\n');
      const answer = await add(guarded.client, 'secrets', join(folder, 'secrets.json'));
      expect(answer.__typename).toBe('CatalogRepositoryUnreadableError');
      expect(answer.reason).toContain('secrets.json is not JSON');
      expect(JSON.stringify(answer)).not.toContain('hunter2');
      expect(JSON.stringify(answer)).not.toContain('root-pass');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses huge options quickly, naming them, in renderPackage, installPackage and upgradePackage', async () => {
    const timed = async <T>(run: () => Promise<T>) => {
      const started = Date.now();
      const result = await run();
      return { result, ms: Date.now() - started };
    };
    // Ten million items (20 MB of JSON, past the default body limit: this gateway's is raised) are refused by their count alone.
    const tenMillion = new Array<number>(10_000_000).fill(0);
    const render = await timed(
      async () => (await open.client.request(RenderPackageDocument, { name: 'redis', options: { bind: tenMillion } })).renderPackage as Answer,
    );
    expect(render.result).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: '/bind', message: 'has 10000000 items: a list option may have at most 1000' }],
    });
    expect(render.result.message).toContain('options');
    expect(render.ms).toBeLessThan(5_000);

    // Within the default body limit: many items, one long string, many keys.
    const many = { bind: new Array<number>(300_000).fill(0) };
    const long = { password: 'x'.repeat(200 * 1024) };
    const keys = { ...Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`key${index}`, index])) };
    for (const options of [many, long, keys]) {
      const { result, ms } = await timed(async () => (await guarded.client.request(RenderPackageDocument, { name: 'redis', options })).renderPackage as Answer);
      expect(result.__typename).toBe('ValidationError');
      expect(result.fields).toHaveLength(1);
      expect(ms).toBeLessThan(2_000);
    }
    expect(((await guarded.client.request(RenderPackageDocument, { name: 'redis', options: long })).renderPackage as Answer).fields).toEqual([
      { field: 'options', message: 'are larger than 64 KiB as JSON, the most package options may be' },
    ]);

    const install = (await guarded.client.request(InstallPackageDocument, { name: 'node-hello', options: many, appId: '/huge' })).installPackage as Answer;
    expect(install).toMatchObject({ __typename: 'ValidationError', fields: [{ field: '/bind', message: expect.stringContaining('at most 1000') }] });
    expect((await guarded.client.request(InstallPackageDocument, { name: 'node-hello', appId: '/small' })).installPackage.__typename).toBe(
      'InstallPackageSuccess',
    );
    const upgrade = (await guarded.client.request(UpgradePackageDocument, { appId: '/small', options: { greeting: 'y'.repeat(100 * 1024) } }))
      .upgradePackage as Answer;
    expect(upgrade).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'options', message: expect.stringContaining('64 KiB') }] });
  });

  it('renders every shipped package so that no option value can run a command or add arguments', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'corral-shell-'));
    try {
      const marks = join(scratch, 'marks');
      mkdirSync(marks);
      // What a program the commands run receives: its arguments, NUL-separated, in argv-<program>.
      const stubs = join(scratch, 'bin');
      mkdirSync(stubs);
      // A server given an init file reads it, as mariadbd does (its writer waits on a named pipe for a reader).
      const stub =
        '#!/bin/sh\nfor a in "$@"; do printf \'%s\\0\' "$a"; case "$a" in --init-file=*) cat "${a#--init-file=}" >/dev/null;; esac; done > "$MESOS_SANDBOX/argv-${0##*/}"\n';
      const programs = ['redis-server', 'memcached', 'nginx', 'java', 'node', 'initdb', 'postgres', 'spark-class', 'mariadbd', 'mariadb-install-db'];
      for (const program of programs) {
        writeFileSync(join(stubs, program), stub);
        chmodSync(join(stubs, program), 0o755);
      }
      const payloads = [
        `injected"; touch ${marks}/double; echo "`,
        `injected$(touch ${marks}/dollar)`,
        `injected'; touch ${marks}/single; echo '`,
        `injected\`touch ${marks}/backtick\``,
        `injected\ntouch ${marks}/newline`,
        '127.0.0.1 --injected-flag yes',
        '--injected-flag',
        'injected-glob-* *',
      ];
      // What a package needs to render, and its data kept in the sandbox rather than on this machine
      const needed: Record<string, Record<string, unknown>> = {
        postgresql: { password: 'a-good-password', data_dir: 'pgdata' },
        mariadb: { password: 'a-good-password', data_dir: 'mariadb-data' },
        redis: { data_dir: 'redis-data' },
      };

      /** Runs the app's command as an agent would, with the programs it starts replaced by stubs; the files it left. */
      const run = (app: { cmd?: string; env?: Record<string, string> }) => {
        const sandbox = mkdtempSync(join(scratch, 'sandbox-'));
        const spark = join(sandbox, 'spark-3.4.1-bin-hadoop3', 'bin');
        mkdirSync(spark, { recursive: true });
        writeFileSync(join(spark, 'spark-class'), stub);
        chmodSync(join(spark, 'spark-class'), 0o755);
        const env = { PATH: `${stubs}:/usr/bin:/bin`, HOME: sandbox, MESOS_SANDBOX: sandbox, PORT0: '31000', PORT1: '31001', ...app.env };
        spawnSync('/bin/sh', ['-c', app.cmd ?? ''], { cwd: sandbox, env, timeout: 10_000, stdio: 'ignore' });
        const files: { name: string; text: string }[] = [];
        const walk = (folder: string) => {
          for (const entry of readdirSync(folder, { withFileTypes: true })) {
            const path = join(folder, entry.name);
            if (entry.isDirectory()) walk(path);
            else if (entry.isFile()) files.push({ name: path.slice(sandbox.length + 1), text: readFileSync(path, 'utf8') });
          }
        };
        walk(sandbox);
        return files;
      };

      const packages = (await guarded.client.request(PackagesDocument, { repository: 'universe', first: 100 })).packages.edges.map((edge) => edge.node.name);
      expect(packages.sort()).toEqual(readdirSync(universe).sort());
      let tried = 0;
      for (const name of packages) {
        const schema = (await guarded.client.request(PackageDocument, { name })).package!.configSchema as { properties?: Record<string, SchemaNode> };
        const base = needed[name] ?? {};
        // Control: with harmless options every app's command reaches its program, so the checks below see what the programs would.
        for (const app of await renderedApps(name, base)) {
          expect(
            run(app).some((file) => file.name.startsWith('argv-')),
            `${name} ${app.id} reaches its program`,
          ).toBe(true);
        }
        for (const path of stringOptions(schema)) {
          for (const payload of payloads) {
            const options = withOption(base, path, payload);
            const answer = (await guarded.client.request(RenderPackageDocument, { name, options })).renderPackage as Answer & {
              data?: { apps: { json: Record<string, unknown> }[] };
            };
            if (answer.__typename === 'ValidationError') continue;
            expect(answer.__typename, `${name} ${path.join('.')}=${payload}`).toBe('RenderPackageSuccess');
            tried++;
            const apps = answer.data!.apps.map((app) => app.json as { id: string; cmd?: string; env?: Record<string, string> });
            expect(JSON.stringify(apps), 'the value reached the app intact').toContain(JSON.stringify(payload).slice(1, -1));
            for (const app of apps) {
              const where = `${name} ${app.id} with ${path.join('.')}=${JSON.stringify(payload)}`;
              const files = run(app);
              expect(readdirSync(marks), `${where}: a command ran`).toEqual([]);
              for (const file of files) {
                if (file.name.startsWith('argv-')) {
                  // Every argument that carries the value carries all of it: it was neither split nor globbed.
                  for (const argument of file.text.split('\0').filter((one) => one.includes('injected')))
                    expect(argument, `${where}: ${file.name}`).toContain(payload);
                } else {
                  // A file the command wrote (nginx.conf): the value only inside a double-quoted string it cannot end.
                  const quoted = payload.includes('"') || payload.includes('\\') ? file.text : file.text.replaceAll(`"${payload}"`, '');
                  expect(quoted, `${where}: ${file.name}`).not.toContain('injected');
                }
              }
            }
          }
        }
      }
      expect(tried).toBeGreaterThan(20);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }

    async function renderedApps(name: string, options: Record<string, unknown>) {
      const answer = (await guarded.client.request(RenderPackageDocument, { name, options })).renderPackage as Answer & {
        data?: { apps: { json: Record<string, unknown> }[] };
      };
      expect(answer.__typename, `${name} renders`).toBe('RenderPackageSuccess');
      return answer.data!.apps.map((app) => app.json as { id: string; cmd?: string; env?: Record<string, string> });
    }
  });
});

type SchemaNode = { type?: string; properties?: Record<string, SchemaNode> };

/** The paths of every string option of a schema (["master", "bind"]). */
function stringOptions(schema: { properties?: Record<string, SchemaNode> }, prefix: string[] = []): string[][] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, node]) =>
    node.type === 'string' ? [[...prefix, key]] : node.properties ? stringOptions(node, [...prefix, key]) : [],
  );
}

function withOption(base: Record<string, unknown>, path: string[], value: string): Record<string, unknown> {
  const copy = structuredClone(base);
  let node = copy;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

// corral server's flag and variable (a PostgreSQL gateway: corral dev on loopback allows internal repositories by design).
describe.each(databaseKinds.filter((kind) => kind === 'postgres'))('corral server on %s', (kind) => {
  it('refuses a repository on 127.0.0.1 unless started with --allow-internal-repositories or CORRAL_ALLOW_INTERNAL_REPOSITORIES=1', async () => {
    const served = await serveFolder(catalogFixture);
    const scratch = await scratchDatabase(kind);
    const args = [...scratch.cliArgs, '--host', '127.0.0.1', '--port', '0'];
    try {
      for (const [extra, env, allowed] of [
        [[], { CORRAL_ALLOW_INTERNAL_REPOSITORIES: '0' }, false],
        [['--allow-internal-repositories'], {}, true],
        [[], { CORRAL_ALLOW_INTERNAL_REPOSITORIES: '1' }, true],
      ] as const) {
        const corral = await startCorral([...args, ...extra], env);
        const client = new GatewayClient({ url: corral.url });
        try {
          const answer = (await client.request(AddCatalogRepositoryDocument, { name: `try-${served.requests()}-${extra.length}`, uri: served.url }))
            .addCatalogRepository;
          expect(answer.__typename).toBe(allowed ? 'AddCatalogRepositorySuccess' : 'ValidationError');
        } finally {
          await client.close();
          await corral.stop();
        }
      }
    } finally {
      await served.close();
      await scratch.drop();
    }
  });
});
