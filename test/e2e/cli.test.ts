import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { runCorral } from '../helpers/corral-process.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const corralBin = fileURLToPath(new URL('../../src/cli/corral.js', import.meta.url));

describe('the corral command line, against a gateway and an agent', () => {
  let cluster: TestCluster;
  let dir: string;
  let env: Record<string, string>;
  const corral = (...args: string[]) => runCorral(args, env);
  /** Runs a command that must succeed with --json, and parses what it printed. */
  const json = async <T = any>(...args: string[]): Promise<T> => {
    const result = await corral(...args, '--json');
    expect(result, `corral ${args.join(' ')}: ${result.stderr}`).toMatchObject({ code: 0 });
    return JSON.parse(result.stdout) as T;
  };
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    cluster = await startCluster('pglite', [{}, {}]);
    dir = mkdtempSync(join(tmpdir(), 'corral-cli-'));
    env = { CORRAL_URL: cluster.gateway.url, CORRAL_CONFIG: join(dir, 'no-config.json') };
  });
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds an app from a JSON file, waits for its deployment with a progress bar, and lists it', async () => {
    const app = file('web.json', { id: '/cli/web', args: [process.execPath, server], cpus: 0.1, mem: 32, instances: 2 });
    const added = await corral('app', 'add', app, '--wait');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^\/cli\/web version 1: deployment [0-9a-f-]{36} succeeded\n$/);
    expect(added.stderr).toContain('[####################] 1/1 /cli/web create v1: succeeded');

    const [listed] = await json('app', 'list');
    expect(listed).toMatchObject({ id: '/cli/web', status: 'RUNNING', tasksRunning: 2, definition: { instances: 2 } });
    const table = await corral('app', 'list');
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+STATUS\s+RUNNING\s+HEALTHY/);
    expect(table.stdout).toMatch(/\/cli\/web\s+RUNNING\s+2\/2/);
    const shown = await corral('app', 'show', '/cli/web');
    expect(shown.stdout).toMatch(/status:\s+RUNNING/);
    expect(shown.stdout).toMatch(/instances:\s+2 running of 2/);
  });

  it('updates, scales, restarts and rolls back, and shows the versions', async () => {
    const changed = await json('app', 'update', '/cli/web', file('env.json', { env: { COLOR: 'blue' } }), '--wait');
    expect(changed).toMatchObject({ app: { version: 2 }, deployment: { kind: 'UPDATE', status: 'SUCCEEDED' } });
    expect(await json('app', 'scale', '/cli/web', '3', '--wait')).toMatchObject({ app: { version: 3 }, deployment: { kind: 'SCALE', status: 'SUCCEEDED' } });
    const restarted = await corral('app', 'restart', '/cli/web', '--wait');
    expect(restarted.code).toBe(0);
    expect(restarted.stderr).toMatch(/\/cli\/web restart v4: succeeded/);
    const rolled = await json('app', 'rollback', '/cli/web', '1', '--wait');
    expect(rolled).toMatchObject({ app: { version: 5 }, deployment: { kind: 'ROLLBACK', status: 'SUCCEEDED' } });
    const versions = await json<{ version: number; definition: { json: { instances: number; env: object } } }[]>('app', 'versions', '/cli/web');
    expect(versions.map((version) => version.version)).toEqual([5, 4, 3, 2, 1]);
    expect(versions[0]!.definition.json).toMatchObject({ instances: 2, env: {} });
  });

  it('lists tasks, prints their logs and kills one with --scale', async () => {
    const tasks = await json<{ id: string; state: string; ports: number[] }[]>('task', 'list', '--app', '/cli/web');
    expect(tasks.map((task) => task.state)).toEqual(['RUNNING', 'RUNNING']);
    const logs = await corral('task', 'logs', tasks[0]!.id);
    expect(logs).toMatchObject({ code: 0, stdout: `listening on ${tasks[0]!.ports[0]}\n` });

    const killed = await json('task', 'kill', tasks[0]!.id, '--scale');
    expect(killed).toMatchObject({ tasks: [{ id: tasks[0]!.id, state: 'KILLING' }], deployments: [{ kind: 'SCALE' }] });
    const watched = await corral('deployment', 'watch', killed.deployments[0].id);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toContain('1/1 /cli/web scale v6: succeeded');
    expect(await json('task', 'list', '--app', '/cli/web')).toHaveLength(1);
  });

  it('lists, shows, drains and activates nodes', async () => {
    const nodes = await json<{ id: string; os: string; state: string }[]>('node', 'list');
    expect(nodes.map((node) => [node.os, node.state])).toEqual([
      ['LINUX', 'ACTIVE'],
      ['LINUX', 'ACTIVE'],
    ]);
    const shown = await corral('node', 'show', nodes[0]!.id);
    expect(shown.stdout).toMatch(/os:\s+LINUX/);
    expect(shown.stdout).toMatch(/resources:\s+4 cpus, 4096 MiB/);
    expect(await json('node', 'drain', nodes[0]!.id)).toMatchObject({ state: 'DRAINING' });
    expect(await json('node', 'activate', nodes[0]!.id)).toMatchObject({ state: 'ACTIVE' });
  });

  it('cancels a deployment that cannot finish, and lists deployments', async () => {
    const stuck = await json('app', 'update', '/cli/web', file('huge.json', { mem: 100_000 }));
    expect(stuck.deployment).toMatchObject({ status: 'RUNNING' });
    const running = await json<{ id: string }[]>('deployment', 'list');
    expect(running.map((deployment) => deployment.id)).toEqual([stuck.deployment.id]);
    const canceled = await corral('deployment', 'cancel', stuck.deployment.id);
    expect(canceled.stdout).toMatch(new RegExp(`^Canceled ${stuck.deployment.id}: rolling back with deployment [0-9a-f-]{36}\n$`));
    const all = await json<{ status: string }[]>('deployment', 'list', '--all', '--app', '/cli/web');
    expect(all.map((deployment) => deployment.status)).toContain('CANCELED');
  });

  it('prints the event log and follows it', async () => {
    const events = (await corral('events', '--type', 'app.created', '--json')).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events).toEqual([expect.objectContaining({ type: 'app.created', subject: '/cli/web' })]);

    const follower = spawn(process.execPath, [corralBin, 'events', '--follow', '--type', 'app.created', '--json'], { env: { ...process.env, ...env } });
    let output = '';
    follower.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await corral('app', 'add', file('other.json', { id: '/cli/other', cmd: 'sleep 600', mem: 16, cpus: 0.1 }));
      const deadline = Date.now() + 10_000;
      while (!output.includes('/cli/other') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(
        output
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line).subject),
      ).toEqual(['/cli/web', '/cli/other']);
    } finally {
      follower.kill('SIGINT');
    }
  });

  it('stops and removes apps', async () => {
    expect(await json('app', 'stop', '/cli/other', '--wait')).toMatchObject({ deployment: { status: 'SUCCEEDED' } });
    expect((await json('app', 'show', '/cli/other')).status).toBe('SUSPENDED');
    const removed = await corral('app', 'remove', '/cli/other');
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed /cli/other (it was at version 2)\n' });
  });

  it('searches, describes, installs, lists and uninstalls packages, and manages repositories', async () => {
    const found = await json<{ name: string }[]>('package', 'search', 'node');
    expect(found[0]!.name).toBe('node-hello');
    const described = await corral('package', 'describe', 'node-hello');
    expect(described.stdout).toMatch(/greeting\s+string\s+"Hello from Corral"\s+What the service answers/);

    const refused = await corral('package', 'install', 'node-hello');
    expect(refused).toMatchObject({ code: 1, stderr: 'corral: installing node-hello would create /node-hello: add --yes to install without asking\n' });
    const badOptions = await corral('package', 'install', 'node-hello', '--yes', '--options', file('bad-options.json', { mem: 1 }));
    expect(badOptions).toMatchObject({ code: 1, stderr: 'corral: refused: /mem: must be >= 32\n' });

    const installed = await corral(
      'package',
      'install',
      'node-hello',
      '--yes',
      '--app-id',
      '/cli/hello',
      '--options',
      file('hello-options.json', { greeting: 'Hi from the CLI' }),
    );
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toMatch(/^Installed node-hello 1\.0\.0 as \/cli\/hello: \/cli\/hello \(deployment [0-9a-f-]{36}\)/);
    expect(await json('package', 'list')).toEqual([
      expect.objectContaining({ appId: '/cli/hello', name: 'node-hello', options: expect.objectContaining({ greeting: 'Hi from the CLI' }) }),
    ]);
    expect((await corral('package', 'uninstall', '/cli/hello')).stdout).toBe('Uninstalled node-hello 1.0.0 from /cli/hello: removed /cli/hello\n');
    expect(await json('package', 'list')).toEqual([]);

    const fixtures = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));
    expect((await corral('repo', 'add', 'fixtures', fixtures)).stdout).toMatch(/^Added fixtures \(\d+ packages\)\n$/);
    expect((await json<{ name: string }[]>('repo', 'list')).map((repo) => repo.name)).toEqual(['universe', 'fixtures']);
    expect((await corral('repo', 'remove', 'fixtures')).code).toBe(0);
    expect(await corral('repo', 'remove', 'universe')).toMatchObject({ code: 1 });
  }, 120_000);

  it('takes a package from the repository named, says which one it took when several have it, and says why a package cannot be installed', async () => {
    const dcos = fileURLToPath(new URL('../fixtures/dcos-universe', import.meta.url));
    expect((await corral('repo', 'add', 'dcos', dcos)).code).toBe(0);
    try {
      const unpinned = await corral('package', 'describe', 'redis');
      expect(unpinned.stderr).toBe("Note: package redis is in repositories universe, dcos: took universe's, the first; name a repository to take another\n");
      expect(unpinned.stdout).toMatch(/repository:\s+universe/);
      const pinned = await corral('package', 'describe', 'redis', '--repository', 'dcos', '--version', '4.0-0.0.1');
      expect(pinned).toMatchObject({ code: 0, stderr: '' });
      expect(pinned.stdout).toMatch(/version:\s+4\.0-0\.0\.1/);
      expect(pinned.stdout).toMatch(/repository:\s+dcos/);
      expect(await corral('package', 'describe', 'duo', '--repository', 'dcos')).toMatchObject({
        code: 1,
        stderr: 'corral: no package duo in repository dcos (corral package search --repository dcos, corral repo list)\n',
      });

      const installed = await corral('package', 'install', 'redis', '--yes', '--app-id', '/cli/cache');
      expect(installed.code, installed.stderr).toBe(0);
      expect(installed.stdout).toContain("Note: package redis is in repositories universe, dcos: took universe's");
      expect((await corral('package', 'uninstall', '/cli/cache')).code).toBe(0);
      const docker = await corral('package', 'install', 'redis', '--repository', 'dcos', '--yes');
      expect(docker).toMatchObject({ code: 1, stderr: expect.stringContaining('apps[/redis].container: Corral runs processes, not container images') });

      expect((await corral('package', 'describe', 'dcos-enterprise-cli')).stdout).toMatch(/installs:\s+no: it has no app template \(a CLI-only package\)/);
      expect(await corral('package', 'install', 'dcos-enterprise-cli', '--yes')).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('it has no app template'),
      });
      expect((await corral('package', 'describe', 'kafka')).stdout).toMatch(/installs:\s+no: it is a Mesos framework scheduler/);
      expect(await corral('package', 'install', 'kafka', '--yes')).toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/^corral: package kafka \S+ cannot be installed: it is a Mesos framework scheduler .*which Corral is not\n$/),
      });
      expect(await json('package', 'list')).toEqual([]);
    } finally {
      await corral('repo', 'remove', 'dcos');
    }
  }, 120_000);

  it('fails with one clear line and exit code 1', async () => {
    const cases: [string[], string][] = [
      [['app', 'show', '/nope'], 'corral: app /nope does not exist\n'],
      [['app', 'scale', '/cli/web', 'many'], 'corral: instances "many" is not a whole number >= 0\n'],
      [['app', 'add', join(dir, 'missing.json')], `corral: cannot read ${join(dir, 'missing.json')}: no such file\n`],
      [['app', 'add', file('bad.json', { id: '/cli/bad', cmd: 'x', cpus: -1 })], 'corral: refused: cpus: must be >= 0\n'],
      [['task', 'kill', 'cli_web.nope'], 'corral: no running task cli_web.nope: it does not exist or has already ended\n'],
      // A command's own --version, with a space, is the command's: not corral's version and exit 0.
      [['package', 'describe', 'node-hello', '--version', '9.9.9'], 'corral: no package node-hello 9.9.9 in the catalog (corral package search)\n'],
    ];
    for (const [args, line] of cases) expect(await corral(...args), args.join(' ')).toMatchObject({ code: 1, stderr: line });
    const away = await runCorral(['app', 'list'], { ...env, CORRAL_URL: 'http://127.0.0.1:9' });
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/^corral: cannot reach the gateway at http:\/\/127\.0\.0\.1:9: .+\n$/);
  });

  it('says what is wrong with an input in one line per problem, naming the field, never printing the input back', async () => {
    // An app file of the size people write: a long env, which an error quoting the input would print whole.
    const env = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`SETTING_${index}`, `a value long enough to notice ${index}`]));
    const base = { args: [process.execPath, server], cpus: 0.1, mem: 32, instances: 0, env };

    // Marathon's JSON: a field Corral does not know is ignored, with one warning naming it.
    const unknown = await corral('app', 'add', file('unknown.json', { ...base, id: '/cli/unknown', revision: 7 }));
    expect(unknown).toMatchObject({ code: 0, stderr: 'warning: revision: not a field Corral knows; ignored\n' });
    // A field of the wrong type, and a second bad field: one line each.
    const bad = await corral('app', 'add', file('bad-types.json', { ...base, id: '/cli/bad-types', cpus: 'many', instances: -1 }));
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n').filter(Boolean).sort()).toEqual(['corral: refused: cpus: must be number', 'corral: refused: instances: must be >= 0']);
    // A value the API's types refuse (Int is 32 bits): the gateway's error names the variable, on one line.
    const scale = await corral('app', 'scale', '/cli/web', '99999999999');
    expect(scale).toMatchObject({ code: 1, stderr: 'corral: instances: Int cannot represent non 32-bit signed integer value: 99999999999\n' });
    for (const result of [unknown, bad, scale]) {
      expect(result.stderr).not.toContain('SETTING_');
      expect(result.stdout.length + result.stderr.length).toBeLessThan(400);
    }
  });

  it('finds the gateway from --url, then CORRAL_URL, then the config file', async () => {
    const config = file('config.json', { url: cluster.gateway.url });
    expect((await runCorral(['app', 'list', '--json'], { CORRAL_CONFIG: config, CORRAL_URL: undefined })).code).toBe(0);
    expect((await runCorral(['app', 'list', '--json', '--url', cluster.gateway.url], { CORRAL_CONFIG: config, CORRAL_URL: 'http://127.0.0.1:9' })).code).toBe(
      0,
    );
    expect((await runCorral(['app', 'list'], { CORRAL_CONFIG: config, CORRAL_URL: 'http://127.0.0.1:9' })).code).toBe(1);
  });
});
