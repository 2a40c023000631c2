import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecret } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { rest } from '../helpers/marathon-http.ts';
import { provisionPythonMarathon } from '../helpers/python-marathon.ts';

// Debian's python3-marathon, the client library Marathon users script with,
// pointed at Corral: a real gateway, a real agent running real processes.
const script = fileURLToPath(new URL('./python-marathon/drive.py', import.meta.url));

type Step = { step: string } & Record<string, any>;

/** Runs drive.py against `url` (with `token` as its HTTP Basic password when given): its steps by name. */
function drive(python: string, url: string, token?: string): Promise<{ steps: Map<string, Step>; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, url, ...(token ? [token] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const steps = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Step);
      resolve({ steps: new Map(steps.map((step) => [step.step, step])), stderr, code });
    });
  });
}

/** What the script's user saw at each step: tasks running and healthy, instance counts, versions, events. */
async function expectWholeSurface(cluster: TestCluster, token?: string): Promise<void> {
  const { steps, stderr, code } = await drive(await provisionPythonMarathon(), cluster.gateway.url, token);
  expect(code, `${stderr}\nsteps: ${[...steps.keys()].join(', ')}`).toBe(0);
  const url = new URL(cluster.gateway.url);
  expect(steps.get('ping')).toMatchObject({ pong: 'pong' });
  expect(steps.get('info')).toMatchObject({ name: 'corral', elected: true });
  expect(steps.get('leader')).toMatchObject({ leader: `${url.hostname}:${url.port}` });
  expect(steps.get('created')).toMatchObject({ id: '/py/web', instances: 2, healthy: 2, ports: [[expect.any(Number)], [expect.any(Number)]] });
  expect(steps.get('listed')).toMatchObject({ ids: ['/py/web'], tasks: 2 });
  expect(steps.get('updated')).toMatchObject({ mem: 48, healthy: 2 });
  expect(steps.get('scaled')).toMatchObject({ instances: 3, healthy: 3 });
  expect(steps.get('restarted')).toMatchObject({ replaced: 3 });
  expect(steps.get('killed-with-scale')).toMatchObject({ instances: 2, killed_gone: true });
  expect(steps.get('killed-all')).toMatchObject({ instances: 2, healthy: 2 });
  expect(steps.get('rolled-back')).toMatchObject({ first_mem: 32, first_instances: 2, mem: 32 });
  expect(steps.get('rolled-back')!.versions).toBeGreaterThanOrEqual(4);
  expect(steps.get('queued')).toMatchObject({ count: 1 });
  expect(steps.get('deployment-stopped')).toMatchObject({ id: expect.any(String) });
  expect(steps.get('delay-reset')!.before).toBeGreaterThan(0);
  expect(steps.get('group')).toMatchObject({ apps: ['/pygroup/sleeper'], groups: expect.arrayContaining(['/py', '/pygroup']) });
  expect(steps.get('group-scaled')).toMatchObject({ instances: 2 });
  expect(steps.get('group-updated')).toMatchObject({ mem: 24, cmd: 'sleep 601', running: 2 });
  expect(steps.get('events')!.types).toEqual(
    expect.arrayContaining([
      'api_post_event',
      'deployment_info',
      'deployment_success',
      'status_update_event',
      'health_status_changed_event',
      'app_terminated_event',
    ]),
  );
}

// One run per database kind when there are two (each run takes a minute and a half): without tokens on the last, with them on the first.
describe.each([databaseKinds.at(-1)!])('python3-marathon against Corral on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}]);
  });
  afterAll(async () => cluster?.stop());

  it('creates, lists, updates, scales, restarts, kills, rolls back, deploys, queues, groups and follows events', { timeout: 300_000 }, async () => {
    await expectWholeSurface(cluster);
  });
});

describe.each([databaseKinds[0]!])('python3-marathon against Corral with tokens required, on %s', (kind) => {
  const adminToken = newSecret('api');
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}], { unreachableAfterMs: 2000, pollTimeoutMs: 2000, tokensRequired: true, adminToken });
  });
  afterAll(async () => cluster?.stop());

  it('does it all with the API token as its HTTP Basic password, and nothing without it', { timeout: 300_000 }, async () => {
    expect((await rest(cluster.gateway.url, 'GET', '/v2/apps')).status).toBe(401);
    await expectWholeSurface(cluster, adminToken);
  });
});
