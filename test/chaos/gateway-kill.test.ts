import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import { AppTasksDocument, CreateAppDocument, DeploymentsDocument, EventsDocument, GatewayClient, UpdateAppDocument } from '../../src/client/index.ts';
import { openDatabase, type DatabaseTarget } from '../../src/db/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { alive, taskPid } from '../helpers/processes.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
/** The gateway's --unreachable-after: the test keeps it down for longer than that. */
const UNREACHABLE_AFTER_S = 8;

// On both databases: `corral server` on PostgreSQL (a server of the test's own)
// is where a production gateway dies and is restarted; `corral dev --no-agent`
// on PGlite shows that the embedded database's files come through a kill -9
// too (PGlite writes its WAL at each commit; it recovers at the next start).
describe.each(['postgres', 'pglite'] as const)('a gateway on %s killed with kill -9 in the middle of a rolling deployment', (kind) => {
  let postgres: PrivatePostgres | undefined;
  let target: DatabaseTarget;
  let gateway: RunningCorral | undefined;
  const agents: Agent[] = [];
  let client: GatewayClient;
  let root: string;
  let token = newSecret('agent');
  // A fixed port, where the agents find the restarted gateway again (not an ephemeral one: while the gateway
  // is down, the kernel could give that to a client's connection).
  const port = chaosPorts(6)[kind === 'postgres' ? 0 : 1];

  const startGateway = () => {
    const common = ['--host', '127.0.0.1', '--port', String(port), '--unreachable-after', String(UNREACHABLE_AFTER_S)];
    const args =
      'url' in target
        ? ['server', '--database-url', target.url, '--no-auth', '--agent-token', token, ...common]
        : ['dev', '--data', (target as { dataDir: string }).dataDir, '--no-agent', '--no-auth', ...common];
    return startCorral(args, { CORRAL_SERVICE_PORTS: chaosPorts(7).join('-') });
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'corral-chaos-gateway-'));
    if (kind === 'postgres') {
      postgres = await startPrivatePostgres({ port: chaosPorts(5)[0] });
      target = { url: await postgres.createDatabase('chaos_gateway_kill') };
    } else target = { dataDir: join(root, 'dev', 'data') };
    gateway = await startGateway();
    // corral dev keeps the agents' token beside its data.
    if (kind === 'pglite') token = readFileSync(join(root, 'dev', 'agent-token'), 'utf8').trim();
    client = new GatewayClient({ url: gateway.url });
    // Two agents: where the restarted gateway wrongly gave up on one, it would place replacements on the other.
    for (const [index, name] of ['a', 'b'].entries()) {
      const agent = new Agent({
        master: gateway.url,
        token,
        workDir: join(root, name),
        programs: [],
        resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [chaosPorts(index)] },
      });
      await agent.start();
      agents.push(agent);
    }
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.stop({ killTasks: true })));
    await client?.close();
    await gateway?.stop('SIGTERM');
    await postgres?.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('completes the deployment after a restart, and launches no task twice', async () => {
    const journal = join(root, 'launches');
    // Every launch of a task process leaves a line: its task id and version.
    const cmd = `echo "$CORRAL_TASK_ID $CORRAL_APP_VERSION" >> '${journal}'; exec '${process.execPath}' '${server}'`;
    /** Every sandbox of the app on either agent, by task id. */
    const sandboxes = () =>
      new Map(
        ['a', 'b'].flatMap((name) => {
          const dir = join(root, name, 'sandboxes', 'chaos_roll');
          return existsSync(dir) ? readdirSync(dir).map((taskId) => [taskId, join(dir, taskId)] as const) : [];
        }),
      );
    const versionIn = (sandbox: string) => (JSON.parse(readFileSync(join(sandbox, 'task.json'), 'utf8')) as { spec: { appVersion: number } }).spec.appVersion;
    const started = (version: number) => [...sandboxes().values()].filter((sandbox) => existsSync(join(sandbox, 'pid')) && versionIn(sandbox) === version);
    // The fixture answers /ready once its sandbox has a file `ready`: the test sets the pace of the deployment.
    let readyNew = 0;
    let allowedReadyNew = 0;
    const pacing = setInterval(() => {
      for (const sandbox of sandboxes().values()) {
        try {
          if (existsSync(join(sandbox, 'ready')) || !existsSync(join(sandbox, 'pid'))) continue;
          const version = versionIn(sandbox);
          if (version === 2 && readyNew >= allowedReadyNew) continue;
          writeFileSync(join(sandbox, 'ready'), '');
          if (version === 2) readyNew += 1;
        } catch {
          // a sandbox being made: next round
        }
      }
    }, 100);
    const deploymentOf = async (toVersion: number) =>
      (await client.request(DeploymentsDocument, { appId: '/chaos/roll', first: 10 })).deployments.edges
        .map((edge) => edge.node)
        .find((node) => node.toVersion === toVersion);

    try {
      const created = await client.request(CreateAppDocument, {
        input: {
          id: '/chaos/roll',
          cmd,
          instances: 3,
          cpus: 0.1,
          mem: 32,
          portDefinitions: [{ port: 0, name: 'http-api' }],
          readinessChecks: [{ path: '/ready', portName: 'http-api', intervalSeconds: 0.25, timeoutSeconds: 1 }],
          // One task over the 3 at most: the new version replaces the old one task at a time.
          upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0.34 },
        },
      });
      expect(created.createApp.__typename).toBe('CreateAppSuccess');
      await eventually('version 1 deployed', async () => (await deploymentOf(1))?.status === 'SUCCEEDED', 30_000, 200);

      allowedReadyNew = 1;
      const updated = await client.request(UpdateAppDocument, { id: '/chaos/roll', input: { env: { COLOR: 'blue' } } });
      expect(updated.updateApp.__typename).toBe('UpdateAppSuccess');
      // The first new task turns ready, an old one is killed and the second new task starts: kill the gateway then.
      await eventually('a second task of version 2 to run', () => started(2).length >= 2, 30_000, 50);
      const midway = (await deploymentOf(2))!;
      expect(midway.status).toBe('RUNNING');
      expect(midway.stepsDone).toBeGreaterThan(0);
      expect(midway.stepsDone).toBeLessThan(midway.totalSteps);

      gateway!.child.kill('SIGKILL');
      await gateway!.stop();
      const killedAt = Date.now();
      // While it is away the new tasks turn ready: the agents keep those updates until a gateway takes them.
      allowedReadyNew = 3;
      // Away for longer than --unreachable-after: a gateway that comes back must not count its own absence against the agents.
      await new Promise((resolve) => setTimeout(resolve, (UNREACHABLE_AFTER_S + 1) * 1000 - (Date.now() - killedAt)));
      gateway = await startGateway();

      const done = await eventually(
        'the deployment to complete after the restart',
        async () => {
          const deployment = await deploymentOf(2);
          return deployment?.status === 'SUCCEEDED' ? deployment : undefined;
        },
        45_000,
        200,
      );
      expect(done.stepsDone).toBe(done.totalSteps);
      const app = await eventually(
        'three tasks of version 2 running, and nothing else',
        async () => {
          const found = (await client.request(AppTasksDocument, { id: '/chaos/roll' })).app!;
          return found.tasks.nodes.length === 3 && found.tasks.nodes.every((task) => task.state === 'RUNNING' && task.appVersion === 2) ? found : undefined;
        },
        20_000,
        200,
      );
      expect(app.tasksRunning).toBe(3);
      // The agents ran on all along: the restarted gateway must not have taken them (and their tasks) for lost.
      const { events } = await client.request(EventsDocument, { type: 'agent.unreachable', first: 10 });
      expect(events.edges.map((edge) => edge.node)).toEqual([]);
    } finally {
      clearInterval(pacing);
    }

    // The task rows: 3 of each version, the old ones all ended. (PGlite is one process's: the gateway stops first.)
    await gateway!.stop('SIGTERM');
    const db = await openDatabase(target);
    const [rows, statuses] = await db.withSession(
      async (session) =>
        [
          await session.query<{ id: string; appVersion: number; state: string; message: string | null }>(
            `SELECT id, "appVersion", state, message FROM "Task" WHERE "appId" = '/chaos/roll'`,
          ),
          await session.query<{ taskId: string; state: string }>(`SELECT "taskId", state FROM "TaskStatus" WHERE "taskId" LIKE 'chaos_roll.%'`),
        ] as const,
    );
    await db.close();
    const ids = rows.map((row) => row.id).sort();
    const byVersion = (version: number) => rows.filter((row) => row.appVersion === version);
    const seen = JSON.stringify(rows, null, 1);
    expect(
      byVersion(2).map((row) => row.state),
      seen,
    ).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(
      byVersion(1).map((row) => row.state),
      seen,
    ).toEqual(['KILLED', 'KILLED', 'KILLED']);
    expect(rows, seen).toHaveLength(6);

    // Each task id ran once: one launch line each, one sandbox each, the same ids as the rows.
    const launches = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const launchedIds = launches.map(([taskId]) => taskId!);
    expect(new Set(launchedIds).size, `launches:\n${launches.join('\n')}`).toBe(launchedIds.length);
    expect(launches.filter(([, version]) => version === '2')).toHaveLength(3);
    expect([...launchedIds].sort()).toEqual(ids);
    expect([...sandboxes().keys()].sort()).toEqual(ids);
    // And started once, by the agents' own account.
    for (const row of rows)
      expect(
        statuses.filter((status) => status.taskId === row.id && status.state === 'STARTING'),
        row.id,
      ).toHaveLength(1);

    // Every old task process ended; the new ones run.
    for (const [taskId, sandbox] of sandboxes()) {
      const pid = await taskPid(sandbox);
      expect(alive(pid), `task ${taskId} (version ${versionIn(sandbox)}, pid ${pid})`).toBe(versionIn(sandbox) === 2);
    }
  }, 120_000);
});
