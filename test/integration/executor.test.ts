import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor, type TaskStatusChange } from '../../src/agent/executor/index.ts';
import type { LaunchSpec } from '../../src/agent/index.ts';
import { alive } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

// Searchable by every user, as a work dir must be for tasks that run as another user (mkdtemp makes 0700).
const searchable = (dir: string) => (chmodSync(dir, 0o755), dir);
const root = searchable(mkdtempSync(join(tmpdir(), 'corral-executor-')));
let serial = 0;
const launchSpec = (extra: Partial<LaunchSpec>): LaunchSpec => ({
  taskId: `test.task-${++serial}`,
  appId: '/exec/test',
  appVersion: 1,
  env: {},
  ports: [31555],
  portNames: ['http'],
  fetch: [],
  healthChecks: [],
  readinessChecks: [],
  killGracePeriodSeconds: 1,
  cpus: 0.1,
  mem: 16,
  disk: 0,
  ...extra,
});

function executor(workDir = searchable(mkdtempSync(join(root, 'work-')))) {
  const changes: TaskStatusChange[] = [];
  const run = new Executor({ workDir, hostname: 'agent-1.test', onStatus: (change) => changes.push(change) });
  const final = (taskId: string) =>
    eventually(`${taskId} to end`, () =>
      changes.find((change) => change.taskId === taskId && ['FINISHED', 'FAILED', 'KILLED', 'ERROR'].includes(change.state)),
    );
  const sandbox = (spec: LaunchSpec) => join(workDir, 'sandboxes', 'exec_test', spec.taskId);
  return { run, changes, final, sandbox, workDir };
}

let downloads = 0;
let files: Server;
let filesUrl = '';
const payload = Buffer.from('#!/bin/sh\necho fetched-and-run\n');
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  const archiveDir = mkdtempSync(join(root, 'archive-'));
  writeFileSync(join(archiveDir, 'inside.txt'), 'from the archive');
  await createTar({ gzip: true, file: join(root, 'bundle.tar.gz'), cwd: archiveDir }, ['inside.txt']);
  const tarball = readFileSync(join(root, 'bundle.tar.gz'));
  // A zip made by another tool than the one that reads it (Python's zipfile), with a folder inside.
  const zipDir = mkdtempSync(join(root, 'zip-'));
  mkdirSync(join(zipDir, 'conf'));
  writeFileSync(join(zipDir, 'conf', 'app.properties'), 'greeting=from the zip');
  execFileSync('python3', ['-m', 'zipfile', '-c', join(root, 'bundle.zip'), 'conf'], { cwd: zipDir });
  const zip = readFileSync(join(root, 'bundle.zip'));
  files = createServer((req, res) => {
    downloads += 1;
    if (req.url === '/run.sh') res.end(payload);
    else if (req.url === '/bundle.tar.gz') res.end(tarball);
    else if (req.url === '/bundle.zip') res.end(zip);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
});
afterAll(() => {
  files?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the executor', () => {
  it("runs cmd through the shell with the task's environment, stdout in the sandbox", async () => {
    const { run, final, sandbox } = executor();
    const spec = launchSpec({ cmd: 'echo "$CORRAL_TASK_ID $PORT0 $PORT_HTTP $PORTS $HOST $MARATHON_APP_ID $GREETING" && pwd', env: { GREETING: 'hi' } });
    run.launch(spec);
    expect(await final(spec.taskId)).toMatchObject({ state: 'FINISHED', exitCode: 0 });
    const [line, cwd] = readFileSync(join(sandbox(spec), 'stdout'), 'utf8')
      .trim()
      .split('\n');
    expect(line).toBe(`${spec.taskId} 31555 31555 31555 agent-1.test /exec/test hi`);
    expect(cwd).toBe(sandbox(spec));
  });

  it('runs args without a shell', async () => {
    const { run, final, sandbox } = executor();
    const spec = launchSpec({ args: ['echo', '$HOME', 'is not expanded'] });
    run.launch(spec);
    await final(spec.taskId);
    expect(readFileSync(join(sandbox(spec), 'stdout'), 'utf8')).toBe('$HOME is not expanded\n');
  });

  it('reports a failure with its exit code and the end of stderr', async () => {
    const { run, final } = executor();
    const spec = launchSpec({ cmd: 'echo starting; echo "database is on fire" >&2; exit 3' });
    run.launch(spec);
    expect(await final(spec.taskId)).toMatchObject({ state: 'FAILED', exitCode: 3, message: 'exited with code 3: database is on fire' });
  });

  it('kills the whole process group: no grandchild survives', async () => {
    const { run, final, sandbox } = executor();
    const spec = launchSpec({ cmd: 'sleep 1000 & echo $! > pids; sleep 1000 & echo $! >> pids; wait' });
    run.launch(spec);
    const pids = await eventually('both children', () => {
      try {
        const found = readFileSync(join(sandbox(spec), 'pids'), 'utf8')
          .trim()
          .split('\n')
          .map(Number);
        return found.length === 2 ? found : undefined;
      } catch {
        return undefined;
      }
    });
    expect(pids.every(alive)).toBe(true);
    run.kill(spec.taskId, 1);
    expect(await final(spec.taskId)).toMatchObject({ state: 'KILLED' });
    await eventually('the grandchildren to be gone', () => !pids.some(alive));
  });

  it('sends SIGKILL after the grace period to a task that ignores SIGTERM', async () => {
    const { run, final, changes } = executor();
    const spec = launchSpec({ cmd: 'trap "" TERM; while true; do sleep 0.1; done', killGracePeriodSeconds: 1 });
    run.launch(spec);
    await eventually('running', () => changes.some((change) => change.taskId === spec.taskId && change.state === 'RUNNING'));
    const started = Date.now();
    run.kill(spec.taskId, 1);
    expect(await final(spec.taskId)).toMatchObject({ state: 'KILLED' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fetches into the sandbox, checks sha256, makes executable, extracts, and caches', async () => {
    const { run, final, sandbox } = executor();
    const fetch = [
      { uri: `${filesUrl}/run.sh`, executable: true, extract: false, cache: true, sha256: sha256(payload) },
      { uri: `${filesUrl}/bundle.tar.gz`, executable: false, extract: true, cache: false },
    ];
    const first = launchSpec({ cmd: './run.sh && cat inside.txt', fetch });
    run.launch(first);
    expect(await final(first.taskId)).toMatchObject({ state: 'FINISHED' });
    expect(readFileSync(join(sandbox(first), 'stdout'), 'utf8')).toBe('fetched-and-run\nfrom the archive');
    expect(statSync(join(sandbox(first), 'run.sh')).mode & 0o111).not.toBe(0);

    const before = downloads;
    const second = launchSpec({ cmd: './run.sh', fetch: [fetch[0]!] });
    run.launch(second);
    expect(await final(second.taskId)).toMatchObject({ state: 'FINISHED' });
    expect(downloads).toBe(before); // served from the agent's cache
  });

  it('extracts a fetched .zip into the sandbox, folders included', async () => {
    const { run, final, sandbox } = executor();
    const spec = launchSpec({ cmd: 'cat conf/app.properties', fetch: [{ uri: `${filesUrl}/bundle.zip`, executable: false, extract: true, cache: false }] });
    run.launch(spec);
    expect(await final(spec.taskId)).toMatchObject({ state: 'FINISHED' });
    expect(readFileSync(join(sandbox(spec), 'stdout'), 'utf8')).toBe('greeting=from the zip');
    expect(statSync(join(sandbox(spec), 'bundle.zip')).isFile()).toBe(true);
  });

  it('fails a task whose download does not match its sha256, naming both hashes', async () => {
    const { run, final } = executor();
    const spec = launchSpec({ cmd: 'true', fetch: [{ uri: `${filesUrl}/run.sh`, executable: false, extract: false, cache: false, sha256: 'a'.repeat(64) }] });
    run.launch(spec);
    const end = await final(spec.taskId);
    expect(end.state).toBe('FAILED');
    expect(end.message).toContain(`has sha256 ${sha256(payload)}, expected ${'a'.repeat(64)}`);
  });

  it('fetches file:// URIs and refuses a destPath that leaves the sandbox', async () => {
    const { run, final } = executor();
    const local = join(root, 'local.txt');
    writeFileSync(local, 'local file');
    const ok = launchSpec({ cmd: 'cat local.txt', fetch: [{ uri: pathToFileURL(local).href, executable: false, extract: false, cache: false }] });
    run.launch(ok);
    expect(await final(ok.taskId)).toMatchObject({ state: 'FINISHED' });
    const escaping = launchSpec({
      cmd: 'true',
      fetch: [{ uri: pathToFileURL(local).href, executable: false, extract: false, cache: false, destPath: '../../../escaped.txt' }],
    });
    run.launch(escaping);
    expect((await final(escaping.taskId)).message).toContain('leaves the sandbox');
  });

  it('reads sandbox files for `task logs`, and nothing outside the sandbox', async () => {
    const { run, final, workDir } = executor();
    const spec = launchSpec({ cmd: 'echo line one; echo line two' });
    run.launch(spec);
    await final(spec.taskId);
    expect((await run.readFile(spec.taskId, 'stdout', 5, 100)).data.toString()).toBe('one\nline two\n');
    await expect(run.readFile(spec.taskId, '../../../agent.json', 0, 10)).rejects.toThrow('leaves the sandbox');
    await expect(run.readFile(spec.taskId, '/etc/passwd', 0, 10)).rejects.toThrow('is absolute');
    mkdirSync(workDir, { recursive: true });
  });

  it('runs a task as another user when the agent is root, and refuses an unknown user clearly', async () => {
    const { run, final, sandbox } = executor();
    const asNobody = launchSpec({ cmd: 'id -un', user: 'nobody' });
    run.launch(asNobody);
    if (process.getuid?.() === 0) {
      await final(asNobody.taskId);
      expect(readFileSync(join(sandbox(asNobody), 'stdout'), 'utf8').trim()).toBe('nobody');
    } else {
      expect((await final(asNobody.taskId)).message).toContain('the agent is not running as root');
    }
    const unknown = launchSpec({ cmd: 'true', user: 'no-such-user-here' });
    run.launch(unknown);
    expect(await final(unknown.taskId)).toMatchObject({ state: 'FAILED', message: expect.stringMatching(/cannot run as user "no-such-user-here"/) });
  });

  it('re-adopts a running task after the agent restarts', async () => {
    const first = executor();
    const spec = launchSpec({ cmd: 'sleep 1000' });
    first.run.launch(spec);
    await eventually('running', () => first.changes.some((change) => change.state === 'RUNNING'));
    await first.run.shutdown({ killTasks: false });

    const second = executor(first.workDir);
    expect(second.run.recover()).toEqual([{ taskId: spec.taskId, state: 'RUNNING' }]);
    second.run.kill(spec.taskId, 1);
    expect(await second.final(spec.taskId)).toMatchObject({ state: 'KILLED' });
  });

  it("does not take a task record that the task's user wrote in its own sandbox as its own", async () => {
    expect(process.getuid?.(), 'the agent must be root to run a task as another user').toBe(0);
    // A process of someone else's, which a forged record could have the agent signal after a restart.
    const victim = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
    try {
      const first = executor();
      const spec = launchSpec({
        cmd: `echo $$ > leader; sleep 0.5; rm -f task.json; printf '{"spec":{"taskId":"forged"},"pid":${victim.pid}}' > task.json; exec sleep 1000`,
        user: 'nobody',
      });
      first.run.launch(spec);
      await eventually('the record to be replaced', () => statSync(join(first.sandbox(spec), 'task.json')).uid !== 0 || undefined);
      await first.run.shutdown({ killTasks: false });

      const second = executor(first.workDir);
      expect(second.run.recover()).toEqual([]);
      await second.run.shutdown({ killTasks: true });
      expect(alive(victim.pid!)).toBe(true);
      process.kill(-Number(readFileSync(join(first.sandbox(spec), 'leader'), 'utf8')), 'SIGKILL');
    } finally {
      victim.kill('SIGKILL');
    }
  });
});
