import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppsDocument, AppTasksDocument, CreateApiTokenDocument, CreateAppDocument, GatewayClient } from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { readSamples, scrape, total } from '../helpers/prometheus.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));

describe.each(databaseKinds)('an operator scraping /metrics on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind);
  });
  afterAll(() => cluster?.stop());

  it('sees the agents by operating system and state, counted from the database', async () => {
    const samples = await scrape(cluster.gateway.url);
    expect(total(samples, 'corral_agents', { os: 'LINUX', state: 'ACTIVE' })).toBe(1);
    // Every combination is there, zeros too, so an alert has a series to watch.
    expect(samples.find((sample) => sample.name === 'corral_agents' && sample.labels.os === 'WINDOWS' && sample.labels.state === 'UNREACHABLE')?.value).toBe(0);
    expect(total(samples, 'corral_tasks')).toBe(0);
  });

  it('sees an app launched: tasks placed, their launch latency, status updates, the deployment, the tasks by state', async () => {
    const before = await scrape(cluster.gateway.url);
    await cluster.client.request(CreateAppDocument, { input: { id: '/metrics/web', args: [process.execPath, server], cpus: 0.1, mem: 32, instances: 2 } });
    await eventually(
      '2 running tasks',
      async () =>
        (await cluster.client.request(AppTasksDocument, { id: '/metrics/web' })).app?.tasks.nodes.filter((task) => task.state === 'RUNNING').length === 2,
    );

    const after = await eventually('the deployment to be timed', async () => {
      const samples = await scrape(cluster.gateway.url);
      return total(samples, 'corral_deployment_duration_seconds_count') > total(before, 'corral_deployment_duration_seconds_count') ? samples : undefined;
    });
    const grew = (name: string) => total(after, name) - total(before, name);
    expect(grew('corral_tasks_placed_total')).toBe(2);
    expect(grew('corral_task_launch_seconds_count')).toBe(2);
    // Two RUNNING updates at least (and STARTING ones before them, where the agent sends them).
    expect(grew('corral_status_updates_applied_total')).toBeGreaterThanOrEqual(2);
    expect(grew('corral_deployment_duration_seconds_count')).toBe(1);
    expect(total(after, 'corral_task_launch_seconds_sum')).toBeGreaterThan(0);
    expect(total(after, 'corral_tasks', { state: 'RUNNING' })).toBe(2);
    expect(total(after, 'corral_tasks', { state: 'RUNNING', health: 'UNKNOWN' })).toBe(2);
  });

  it('sees GraphQL operations by name, with their durations', async () => {
    await cluster.client.request(AppsDocument, {});
    const samples = await scrape(cluster.gateway.url);
    expect(total(samples, 'graphql_envelop_request', { operationName: 'CreateApp', operationType: 'mutation' })).toBe(1);
    expect(total(samples, 'graphql_envelop_request', { operationName: 'Apps', operationType: 'query' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'graphql_envelop_phase_execute_count', { operationName: 'Apps' })).toBeGreaterThanOrEqual(1);
    expect(total(samples, 'graphql_yoga_http_duration_count', { operationName: 'Apps', statusCode: '200' })).toBeGreaterThanOrEqual(1);
    // The URL is not a label: a series per query string would grow without end.
    expect(samples.some((sample) => 'url' in sample.labels)).toBe(false);
  });

  it('sees the SQL statements the gateway sends grow with each GraphQL request', async () => {
    const before = total(await scrape(cluster.gateway.url), 'corral_database_statements_total');
    expect(before).toBeGreaterThan(0);
    await cluster.client.request(AppsDocument, {});
    const after = total(await scrape(cluster.gateway.url), 'corral_database_statements_total');
    expect(after).toBeGreaterThan(before);
  });
});

describe.each(databaseKinds)('the SQL statement count on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  beforeAll(async () => {
    // A database no gateway uses: nothing else sends statements while it is counted.
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('counts every statement: one query one, and each statement inside a transaction', async () => {
    const start = db.statementsSent();
    await db.prisma.$queryRaw`SELECT 1`;
    expect(db.statementsSent() - start).toBe(1);
    const beforeTransaction = db.statementsSent();
    await db.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1`;
      await tx.$queryRaw`SELECT 2`;
      await tx.$queryRaw`SELECT 3`;
    });
    // The three, and the COMMIT Prisma reports.
    expect(db.statementsSent() - beforeTransaction).toBe(4);
    const beforeSession = db.statementsSent();
    await db.withSession((session) => session.query('SELECT 1'));
    expect(db.statementsSent() - beforeSession).toBe(1);
  });
});

describe.each(databaseKinds)('/metrics behind tokens on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const adminToken = newSecret('api');
  const agentToken = newSecret('agent');
  const client = () => new GatewayClient({ url: gateway.url, token: adminToken });

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), agentToken, adminToken, tokensRequired: true });
  });
  afterAll(async () => {
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  it("refuses a scrape without an API token, or with an agent's, and answers a viewer's", async () => {
    for (const token of [undefined, 'corral_api_not-a-real-one', agentToken]) {
      const response = await fetch(`${gateway.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.text()).not.toContain('corral_agents');
    }
    const admin = client();
    const { createApiToken } = await admin.request(CreateApiTokenDocument, { name: 'prometheus', role: 'VIEWER' });
    await admin.close();
    if (createApiToken.__typename !== 'CreateApiTokenSuccess') throw new Error(JSON.stringify(createApiToken));
    const samples = await scrape(gateway.url, createApiToken.data.secret);
    expect(total(samples, 'corral_agents')).toBe(0);
    expect(samples.some((sample) => sample.name === 'corral_database_statements_total')).toBe(true);
  });

  it("answers in Prometheus' text format, with HELP and TYPE for each metric", async () => {
    const response = await fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
    const text = await response.text();
    expect(text).toContain('# TYPE corral_agents gauge');
    expect(text).toContain('# TYPE corral_tasks_placed_total counter');
    expect(text).toContain('# TYPE corral_task_launch_seconds histogram');
    expect(text).toContain('# TYPE corral_database_statements_total counter');
    expect(readSamples(text).length).toBeGreaterThan(0);
  });
});
