import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, type AgentCommand, type PollRequest, type StatusUpdate } from '../../src/agent/index.ts';
import {
  AppTasksDocument,
  CreateAppDocument,
  FollowEventsDocument,
  GatewayClient,
  ScaleAppDocument,
  UpdateAppDocument,
  type FollowEventsSubscription,
} from '../../src/client/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { chaosPorts } from '../helpers/chaos-ports.ts';
import { startCorral, type RunningCorral } from '../helpers/corral-process.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every status update the agents send, and every uuid the gateway acknowledges, seen on the wire:
 * the agents talk to the gateway through this recording HTTP proxy.
 */
async function recordAgentTraffic(gatewayUrl: string) {
  const sent = new Map<string, StatusUpdate>();
  const acknowledged = new Set<string>();
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const polled = req.url === '/agent/v1/poll';
      if (polled) for (const update of (JSON.parse(body.toString()) as PollRequest).statuses) sent.set(update.uuid, update);
      const upstream = httpRequest(new URL(req.url!, gatewayUrl), { method: req.method, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => parts.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(parts);
          if (polled && answer.statusCode === 200) {
            for (const command of (JSON.parse(text.toString()) as { commands: AgentCommand[] }).commands)
              if (command.type === 'acknowledge') command.uuids.forEach((uuid) => acknowledged.add(uuid));
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(text);
        });
      });
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy()); // the agent cut its poll short: so does the proxy
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return { url, sent, acknowledged, close: () => new Promise<void>((resolve) => proxy.close(() => resolve())) };
}

describe('a PostgreSQL restart under load', () => {
  let postgres: PrivatePostgres | undefined;
  let databaseUrl: string;
  let gateway: RunningCorral | undefined;
  let client: GatewayClient;
  let root: string;
  const agents: Agent[] = [];
  let traffic: Awaited<ReturnType<typeof recordAgentTraffic>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'corral-chaos-pg-'));
    // A server of this test's own: the shared one of .ci/postgres.sh serves other test files meanwhile.
    postgres = await startPrivatePostgres({ port: chaosPorts(5)[0] });
    databaseUrl = await postgres.createDatabase('chaos_pg_restart');
    const token = newSecret('agent');
    gateway = await startCorral(['server', '--database-url', databaseUrl, '--no-auth', '--host', '127.0.0.1', '--port', '0', '--agent-token', token], {
      CORRAL_SERVICE_PORTS: chaosPorts(7).join('-'),
    });
    client = new GatewayClient({ url: gateway.url });
    traffic = await recordAgentTraffic(gateway.url);
    for (const [index, name] of ['a', 'b'].entries()) {
      const agent = new Agent({
        master: traffic.url,
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
    await traffic?.close();
    await client?.close();
    await gateway?.stop('SIGTERM');
    await postgres?.destroy();
    rmSync(root, { recursive: true, force: true });
  });

  it('loses no status update, writes no event twice, and the gateway carries on', async () => {
    const sandboxesOf = (app: string) =>
      ['a', 'b'].flatMap((name) => {
        const dir = join(root, name, 'sandboxes', app);
        return existsSync(dir) ? readdirSync(dir).map((taskId) => join(dir, taskId)) : [];
      });
    // Follows the event log over graphql-ws through both restarts.
    const followed: FollowEventsSubscription['events'][] = [];
    const following = client.subscribe(FollowEventsDocument, { after: '0' });
    const follower = (async () => {
      for await (const { events } of following) followed.push(events);
    })();

    const quick = { protocol: 'HTTP', path: '/', intervalSeconds: 0.2, timeoutSeconds: 1, delaySeconds: 0, gracePeriodSeconds: 0, maxConsecutiveFailures: 0 };
    for (const input of [
      // Health that the test flips all along: a stream of status updates from running tasks.
      { id: '/load/flappy', args: [process.execPath, server], instances: 4, cpus: 0.1, mem: 32, healthChecks: [quick] },
      // Tasks that end every two seconds and are started again: STARTING, RUNNING, FINISHED, placements.
      { id: '/load/short', cmd: 'sleep 2', instances: 2, cpus: 0.1, mem: 16 },
      // What the API changes meanwhile.
      { id: '/load/api', cmd: 'sleep 1000', instances: 0, cpus: 0.1, mem: 16 },
    ]) {
      const { createApp } = await client.request(CreateAppDocument, { input });
      expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
    }
    await eventually(
      '4 flappy tasks running',
      () => sandboxesOf('load_flappy').filter((sandbox) => existsSync(join(sandbox, 'pid'))).length === 4,
      30_000,
      100,
    );

    let loading = true;
    const flipping = (async () => {
      for (let round = 0; loading; round++) {
        const sandboxes = sandboxesOf('load_flappy');
        const sandbox = sandboxes[round % sandboxes.length];
        if (sandbox) {
          const sick = join(sandbox, 'sick');
          if (existsSync(sick)) unlinkSync(sick);
          else writeFileSync(sick, '');
        }
        await pause(150);
      }
    })();
    // The API in use: changes that must each be applied once, and reads; during an outage they fail, and are tried again.
    const api = { applied: 0, failures: 0, lastError: '' };
    const using = (async () => {
      while (loading) {
        try {
          await client.request(AppTasksDocument, { id: '/load/short' });
          const { updateApp } = await client.request(UpdateAppDocument, { id: '/load/api', input: { env: { ROUND: String(api.applied + 1) } } });
          expect(updateApp.__typename).toBe('UpdateAppSuccess');
          api.applied += 1;
        } catch (error) {
          api.failures += 1;
          api.lastError = String(error);
        }
        await pause(100);
      }
    })();

    await pause(3000);
    // A clean restart, then a crash (immediate: recovered from the WAL), each with the server away for 2 s.
    for (const mode of ['fast', 'immediate'] as const) {
      await postgres!.stop(mode);
      const [acknowledged, applied] = [traffic.acknowledged.size, api.applied];
      await pause(2000);
      await postgres!.start();
      // The load goes on: updates are acknowledged again, and the API takes changes again.
      await eventually(
        `updates acknowledged and API changes applied after the ${mode} restart`,
        () => traffic.acknowledged.size > acknowledged + 10 && api.applied > applied,
        30_000,
        100,
      ).catch((error: Error) => {
        // What stalled, for whoever reads the failure: the counts, the API's last error, the gateway's log.
        const counts = { acknowledged: [acknowledged, traffic.acknowledged.size], applied: [applied, api.applied], sent: traffic.sent.size };
        throw new Error(`${error.message}\n${JSON.stringify(counts)}\nlast API error: ${api.lastError}\ngateway:\n${gateway!.output().slice(-6000)}`);
      });
      expect(gateway!.child.exitCode, gateway!.output()).toBeNull();
      await pause(2000);
    }
    loading = false;
    await Promise.all([flipping, using]);
    expect(api.failures, 'API requests failed while the database was away').toBeGreaterThan(0);

    // Settle: every task healthy, the short-lived app stopped, each update the agents sent acknowledged.
    for (const sandbox of sandboxesOf('load_flappy')) rmSync(join(sandbox, 'sick'), { force: true });
    await client.request(ScaleAppDocument, { id: '/load/short', instances: 0 });
    await eventually(
      'the cluster to settle',
      async () => {
        const flappy = (await client.request(AppTasksDocument, { id: '/load/flappy' })).app!;
        const short = (await client.request(AppTasksDocument, { id: '/load/short' })).app!;
        return (
          flappy.tasksHealthy === 4 &&
          flappy.tasks.nodes.length === 4 &&
          short.tasks.nodes.length === 0 &&
          [...traffic.sent.keys()].every((uuid) => traffic.acknowledged.has(uuid))
        );
      },
      30_000,
      200,
    );
    // Every change made through the API was applied once: version 1, then one per success.
    const { updateApp } = await client.request(UpdateAppDocument, { id: '/load/api', input: { env: { ROUND: 'last' } } });
    expect(updateApp.__typename === 'UpdateAppSuccess' && updateApp.data.app.version).toBe(api.applied + 2);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // The gateway listens for events again (a new LISTEN connection), and leads the control loop again.
      const { rows: listening } = await db.query(`SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN "corral_events"'`);
      expect(listening.length).toBeGreaterThan(0);

      const { rows: tasks } = await db.query<{ id: string; state: string; health: string }>(`SELECT id, state, health FROM "Task"`);
      const { rows: statuses } = await db.query<{
        id: string;
        taskId: string;
        state: string;
        health: string | null;
        message: string | null;
        exitCode: number | null;
      }>(`SELECT id, "taskId", state, health, message, "exitCode" FROM "TaskStatus"`);
      const { rows: events } = await db.query<{ sequence: string; type: string; subject: string | null; payload: Record<string, unknown> }>(
        `SELECT sequence, type, subject, payload FROM "Event" ORDER BY sequence`,
      );

      // No status update lost: each one sent for a task that is still on record is there, as sent.
      const taskIds = new Set(tasks.map((task) => task.id));
      const rows = new Map(statuses.map((row) => [row.id, row]));
      const kept = [...traffic.sent.values()].filter((update) => taskIds.has(update.taskId));
      expect(kept.length).toBeGreaterThan(100);
      for (const update of kept) {
        const health = update.health?.healthy === undefined ? null : update.health.healthy ? 'HEALTHY' : 'UNHEALTHY';
        expect(rows.get(update.uuid), `status update ${JSON.stringify(update)}`).toEqual({
          id: update.uuid,
          taskId: update.taskId,
          state: update.state,
          health,
          message: update.message ?? null,
          exitCode: update.exitCode ?? null,
        });
      }
      // ... and nothing else was recorded as if an agent had said it.
      for (const row of statuses) expect(traffic.sent.has(row.id), `status row ${row.id}`).toBe(true);

      // Task states converged to what the agents said last (`sent` keeps the order the agents made them in).
      const last = new Map<string, StatusUpdate>();
      for (const update of kept) last.set(update.taskId, update);
      for (const task of tasks) {
        const said = last.get(task.id);
        if (said) expect(task.state, `task ${task.id}`).toBe(said.state);
      }

      // No event written twice: sequences strictly increase, and each state a task reported was announced once.
      const sequences = events.map((event) => BigInt(event.sequence));
      sequences.forEach((sequence, index) => index > 0 && expect(sequence > sequences[index - 1]!).toBe(true));
      const announced = new Map<string, number>();
      for (const event of events) {
        if (event.type !== 'task.status') continue;
        const key = `${event.subject} ${String(event.payload.state)}`;
        announced.set(key, (announced.get(key) ?? 0) + 1);
      }
      for (const [key, count] of announced) expect(count, `task.status events for ${key}`).toBe(1);
      // (A task the gateway was killing stays KILLING whatever the agent says until it ends: those are left out.)
      const killed = new Set(tasks.filter((task) => task.state === 'KILLED').map((task) => task.id));
      const reported = new Set(kept.filter((update) => !killed.has(update.taskId)).map((update) => `${update.taskId} ${update.state}`));
      for (const key of reported) expect(announced.get(key), `the task.status event for ${key}`).toBe(1);

      // The subscription followed the log through both restarts: every event, once, in order.
      await eventually('the subscription to catch up', () => followed.at(-1)?.sequence === events.at(-1)?.sequence, 10_000);
      expect(followed.map((event) => event.sequence)).toEqual(events.map((event) => event.sequence));
    } finally {
      await db.end();
      await following.return?.();
      await follower.catch(() => undefined);
    }
  }, 120_000);
});
