import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppTasksDocument,
  GatewayClient,
  InstallPackageDocument,
  KillTasksDocument,
  UninstallPackageDocument,
  UpgradePackageDocument,
} from '../../src/client/index.ts';
import { sandboxTaskPids } from '../helpers/agent-process.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { alive } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

const run = promisify(execFile);
const servicesScript = fileURLToPath(new URL('../../.ci/services.sh', import.meta.url));
const password = 'a-long-secret-1';

/** memcached's text protocol: what it answers to `lines`, up to the line `until` (or END). */
function memcached(port: number, lines: string[], until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let answer = '';
    socket.setTimeout(5000, () => socket.destroy(new Error(`memcached said only: ${answer}`)));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (until.test(answer)) {
        socket.end();
        resolve(answer);
      }
    });
    socket.on('error', reject);
    socket.connect(port, '127.0.0.1', () => socket.write(lines.map((line) => `${line}\r\n`).join('')));
  });
}

describe('catalog packages on a corral dev cluster whose agent runs as root, used with their own clients', { timeout: 300_000 }, () => {
  let dev: RunningCorral;
  let client: GatewayClient;
  let home: string;
  // Apps of this run's own group: their default data directories (<service home>/corral/<app id>) are this run's too.
  const group = `/e2e-${process.pid}`;
  const defaultDataDirs = ['/var/lib/postgresql', '/var/lib/redis', '/var/lib/mysql'].map((parent) => join(parent, 'corral', group));

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the catalog services run as their own users (postgres, redis, mysql): the agent, so this test, must run as root, as CI does');
    // Debian's servers and clients; CI installs them first, so this only checks.
    await run('bash', [servicesScript], { timeout: 600_000 });
    // Every directory above a sandbox must be searchable by the services' users: mkdtemp makes 0700.
    home = mkdtempSync(join(tmpdir(), 'corral-services-'));
    chmodSync(home, 0o755);
    dev = await startCorral(['dev', '--data', join(home, 'data'), '--port', '0']);
    client = new GatewayClient({ url: dev.url, token: dev.token });
  }, 660_000);

  afterAll(async () => {
    await dev?.stop();
    await client?.close();
    for (const dir of defaultDataDirs) rmSync(dir, { recursive: true, force: true });
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const install = async (name: string, appId: string, options: Record<string, unknown>) => {
    const { installPackage } = await client.request(InstallPackageDocument, { name, appId, options });
    expect(installPackage.__typename, JSON.stringify(installPackage)).toBe('InstallPackageSuccess');
    if (installPackage.__typename !== 'InstallPackageSuccess') throw new Error('not installed');
    expect(installPackage.data.qualifyingAgents.nodes.length, `${name}: ${installPackage.data.agentsNotQualifying}`).toBe(1);
    return installPackage.data;
  };
  /** The app's healthy task (another than `not`), and the port it serves on. */
  const healthyTask = async (appId: string, not?: string) => {
    const task = await eventually(
      `a healthy task of ${appId}`,
      async () => {
        const { app } = await client.request(AppTasksDocument, { id: appId });
        const found = app?.tasks.nodes.find((each) => each.state === 'RUNNING' && each.health === 'HEALTHY' && each.id !== not);
        // A failure is kept as the reason should the wait end (a port another test's task took: the next try has another).
        if (!found && app?.lastTaskFailure) throw new Error(`${appId}: ${app.lastTaskFailure.message}`);
        return found;
      },
      150_000,
      500,
    );
    return { id: task.id, port: task.ports[0]! };
  };

  it('postgresql: installed with only its password, queried with psql; its row outlives a killed task; an upgrade applies max_connections; an uninstall keeps the data', async () => {
    const appId = `${group}/pg`;
    await install('postgresql', appId, { password });
    const first = await healthyTask(appId);
    let port = first.port;
    const psql = (sql: string, secret = password) =>
      execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-tAc', sql], {
        env: { ...process.env, PGPASSWORD: secret },
        encoding: 'utf8',
        stdio: 'pipe',
      }).trim();
    expect(psql('SELECT 40 + 2')).toBe('42');
    psql("CREATE TABLE survivors (name text); INSERT INTO survivors VALUES ('kept')");
    expect(() => psql('SELECT 1', 'wrong-password')).toThrow(/password authentication failed/);

    await client.request(KillTasksDocument, { ids: [first.id] });
    port = (await healthyTask(appId, first.id)).port;
    expect(psql('SELECT name FROM survivors')).toBe('kept');

    const { upgradePackage } = await client.request(UpgradePackageDocument, { appId, options: { max_connections: 37 } });
    expect(upgradePackage.__typename, JSON.stringify(upgradePackage)).toBe('UpgradePackageSuccess');
    await eventually(
      'the server to run with the new max_connections',
      async () => {
        const { app } = await client.request(AppTasksDocument, { id: appId });
        const task = app?.tasks.nodes.find((each) => each.state === 'RUNNING' && each.health === 'HEALTHY' && each.appVersion === app.version);
        if (!task) return undefined;
        port = task.ports[0]!;
        return psql('SHOW max_connections') === '37';
      },
      150_000,
      1000,
    );
    expect(psql('SELECT name FROM survivors')).toBe('kept');

    // Every server process the app ever started, from the sandboxes' task.json (taskId: <app id with _>.<uuid>).
    const serverPids = sandboxTaskPids(join(home, 'agent'))
      .filter((task) => task.taskId.startsWith(`${appId.slice(1).replaceAll('/', '_')}.`))
      .map((task) => task.pid);
    expect(serverPids.some(alive)).toBe(true);
    const { uninstallPackage } = await client.request(UninstallPackageDocument, { appId });
    expect(uninstallPackage).toMatchObject({ __typename: 'UninstallPackageSuccess', data: { removedAppIds: [appId] } });
    await eventually('no server process left', () => !serverPids.some(alive), 90_000, 500);
    await eventually(
      'the server to stop',
      () => {
        try {
          psql('SELECT 1');
          return undefined;
        } catch {
          return true;
        }
      },
      90_000,
      1000,
    );
    expect(existsSync(join('/var/lib/postgresql/corral', appId, 'PG_VERSION'))).toBe(true);
  });

  it('redis: installed with its defaults, PING, SET then GET with redis-cli; the key outlives a killed task, from its append-only file', async () => {
    const appId = `${group}/redis`;
    await install('redis', appId, {});
    const first = await healthyTask(appId);
    let port = first.port;
    const cli = (...args: string[]) => execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' }).trim();
    expect(cli('PING')).toBe('PONG');
    expect(cli('SET', 'greeting', 'hello from corral')).toBe('OK');
    expect(cli('GET', 'greeting')).toBe('hello from corral');

    await client.request(KillTasksDocument, { ids: [first.id] });
    port = (await healthyTask(appId, first.id)).port;
    expect(cli('GET', 'greeting')).toBe('hello from corral');
    expect(existsSync(join('/var/lib/redis/corral', appId))).toBe(true);
    await client.request(UninstallPackageDocument, { appId });
  });

  it("nginx: serves Debian's page with its defaults, then, upgraded with a root, curl fetches a file from there", async () => {
    const appId = `${group}/web`;
    const site = mkdtempSync(join(tmpdir(), 'corral-site-'));
    chmodSync(site, 0o755);
    writeFileSync(join(site, 'hello.txt'), 'served by nginx under corral\n');
    try {
      await install('nginx', appId, {});
      const first = await healthyTask(appId);
      // Debian's nginx puts its page in /var/www/html, the package's default root.
      expect((await run('curl', ['-fsS', `http://127.0.0.1:${first.port}/index.nginx-debian.html`])).stdout).toContain('Welcome to nginx');
      const { upgradePackage } = await client.request(UpgradePackageDocument, { appId, options: { root: site } });
      expect(upgradePackage.__typename, JSON.stringify(upgradePackage)).toBe('UpgradePackageSuccess');
      const served = await eventually(
        'the file from the new root',
        async () => {
          const { app } = await client.request(AppTasksDocument, { id: appId });
          const task = app?.tasks.nodes.find((each) => each.state === 'RUNNING' && each.health === 'HEALTHY' && each.appVersion === app.version);
          return task && (await run('curl', ['-fsS', `http://127.0.0.1:${task.ports[0]}/hello.txt`])).stdout;
        },
        90_000,
        500,
      );
      expect(served).toBe('served by nginx under corral\n');
      await client.request(UninstallPackageDocument, { appId });
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  it('memcached: installed with its defaults, answers stats, and a set then a get', async () => {
    const appId = `${group}/memcached`;
    await install('memcached', appId, {});
    const { port } = await healthyTask(appId);
    expect(await memcached(port, ['stats'], /END\r\n$/)).toMatch(/^STAT pid \d+\r\n/);
    expect(await memcached(port, ['set greeting 0 0 5', 'hello'], /STORED\r\n$/)).toBe('STORED\r\n');
    expect(await memcached(port, ['get greeting'], /END\r\n$/)).toBe('VALUE greeting 0 5\r\nhello\r\nEND\r\n');
    await client.request(UninstallPackageDocument, { appId });
  });

  it('mariadb: installed with only its password, queried with the mariadb client', async () => {
    const appId = `${group}/mariadb`;
    await install('mariadb', appId, { password });
    const { port } = await healthyTask(appId);
    const query = (sql: string, secret = password) =>
      execFileSync('mariadb', ['-h', '127.0.0.1', '-P', String(port), '-u', 'root', `-p${secret}`, '-N', '-B', '-e', sql], {
        encoding: 'utf8',
        stdio: 'pipe',
      }).trim();
    // The password is set by the server's init file, as it starts.
    expect(await eventually('a query to answer', () => query('SELECT 6 * 7'), 30_000, 500)).toBe('42');
    expect(() => query('SELECT 1', 'wrong-password')).toThrow(/Access denied/);
    expect(existsSync(join('/var/lib/mysql/corral', appId, 'mysql'))).toBe(true);
    await client.request(UninstallPackageDocument, { appId });
  });
});
