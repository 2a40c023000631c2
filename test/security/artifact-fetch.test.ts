import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Executor, type TaskStatusChange } from '../../src/agent/executor/index.ts';
import type { FetchSpec, LaunchSpec } from '../../src/agent/index.ts';
import { eventually } from '../helpers/subscription.ts';

// An agent with small fetch limits (the defaults are 4 GiB downloaded, 16 GiB and 100,000 files extracted),
// so that what happens past them shows without gigabytes.
const MiB = 1024 * 1024;
const limits = { downloadBytes: 4 * MiB, extractedBytes: 8 * MiB, entries: 20 };

const root = mkdtempSync(join(tmpdir(), 'corral-artifacts-'));
let serial = 0;
const launchSpec = (fetch: FetchSpec[]): LaunchSpec => ({
  taskId: `test.task-${++serial}`,
  appId: '/artifacts/test',
  appVersion: 1,
  env: {},
  ports: [],
  portNames: [],
  fetch,
  cmd: 'true',
  healthChecks: [],
  readinessChecks: [],
  killGracePeriodSeconds: 1,
  cpus: 0.1,
  mem: 16,
  disk: 0,
});

/** Launches a task that fetches `fetch` on an agent with the limits above; its final status and sandbox. */
async function runTask(fetch: FetchSpec[]) {
  const workDir = mkdtempSync(join(root, 'work-'));
  const changes: TaskStatusChange[] = [];
  const executor = new Executor({ workDir, hostname: 'agent-1.test', onStatus: (change) => changes.push(change), fetchLimits: limits });
  const spec = launchSpec(fetch);
  executor.launch(spec);
  const end = await eventually(`${spec.taskId} to end`, () =>
    changes.find((change) => change.taskId === spec.taskId && ['FINISHED', 'FAILED', 'KILLED', 'ERROR'].includes(change.state)),
  );
  return { end, sandbox: join(workDir, 'sandboxes', 'artifacts_test', spec.taskId) };
}

const artifact = (uri: string, extract = false): FetchSpec => ({ uri, extract, executable: false, cache: false });

let server: Server;
let url = '';
const sent = { bytes: 0, cut: false };

beforeAll(async () => {
  // A tar.gz and a zip of 16 MiB each, some hundred kilobytes compressed (under the 1000:1 ratio node-tar refuses
  // by itself: a bomb need not be that dense), and a tar.gz of 50 tiny files.
  const bombDir = mkdtempSync(join(root, 'bomb-'));
  const sparse = Buffer.alloc(16 * MiB);
  for (let block = 0; block < sparse.length; block += 1024) randomBytes(16).copy(sparse, block);
  writeFileSync(join(bombDir, 'zeros'), sparse);
  await createTar({ gzip: true, file: join(root, 'bomb.tar.gz'), cwd: bombDir }, ['zeros']);
  execFileSync(
    'python3',
    ['-c', 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED); z.write("zeros"); z.close()', join(root, 'bomb.zip')],
    { cwd: bombDir },
  );
  const manyDir = mkdtempSync(join(root, 'many-'));
  const names = Array.from({ length: 50 }, (_, index) => `file-${index}`);
  for (const name of names) writeFileSync(join(manyDir, name), name);
  await createTar({ gzip: true, file: join(root, 'many.tar.gz'), cwd: manyDir }, names);
  writeFileSync(join(root, 'big.bin'), Buffer.alloc(6 * MiB));

  server = createServer((request, response) => {
    if (request.url === '/endless.bin') {
      // 64 MiB at most, in 64 KiB writes, as fast as the agent reads
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024);
      const more = () => {
        while (sent.bytes < 64 * MiB) {
          sent.bytes += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      response.on('close', () => (sent.cut = sent.bytes < 64 * MiB));
      more();
    } else if (request.url === '/declared.bin') {
      response.writeHead(200, { 'content-length': String(450 * MiB) });
      response.write('x');
    } else {
      const file = join(root, (request.url ?? '/').slice(1));
      if (!existsSync(file)) return response.writeHead(404).end();
      response.writeHead(200);
      response.end(readFileSync(file));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

describe('artifacts an agent fetches', () => {
  it('cuts a download past the limit, and the task fails saying so', async () => {
    const { end } = await runTask([artifact(`${url}/endless.bin`)]);
    expect(end).toMatchObject({
      state: 'FAILED',
      message: expect.stringContaining(`cannot fetch ${url}/endless.bin: it is larger than 4 MiB, the most an artifact may be`),
    });
    await expect.poll(() => sent.cut).toBe(true);
    expect(sent.bytes).toBeLessThan(32 * MiB);

    const declared = await runTask([artifact(`${url}/declared.bin`)]);
    expect(declared.end).toMatchObject({ state: 'FAILED', message: expect.stringContaining('is larger than 4 MiB') });
    const local = await runTask([artifact(pathToFileURL(join(root, 'big.bin')).href)]);
    expect(local.end).toMatchObject({ state: 'FAILED', message: expect.stringContaining('is larger than 4 MiB') });
  });

  it('refuses a tar.gz that unpacks past the limit before writing any of it', async () => {
    const { end, sandbox } = await runTask([artifact(`${url}/bomb.tar.gz`, true)]);
    expect(end).toMatchObject({ state: 'FAILED', message: expect.stringContaining(`cannot extract ${url}/bomb.tar.gz: its files come to more than 8 MiB`) });
    expect(existsSync(join(sandbox, 'zeros'))).toBe(false);
  });

  it('refuses a zip that unpacks past the limit', async () => {
    const { end } = await runTask([artifact(`${url}/bomb.zip`, true)]);
    expect(end).toMatchObject({ state: 'FAILED', message: expect.stringContaining(`cannot extract ${url}/bomb.zip: its files come to more than 8 MiB`) });
  });

  it('refuses an archive of more files than the limit', async () => {
    const { end, sandbox } = await runTask([artifact(`${url}/many.tar.gz`, true)]);
    expect(end).toMatchObject({ state: 'FAILED', message: expect.stringContaining('it has more than 20 files') });
    expect(existsSync(join(sandbox, 'file-0'))).toBe(false);
  });
});
