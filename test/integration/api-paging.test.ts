import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/api/paging.ts';
import { requireValidSpec } from '../../src/apps/index.ts';
import {
  AgentDocument,
  AgentsDocument,
  AppEndpointsDocument,
  AppTaskHealthDocument,
  AppTasksDocument,
  DashboardAppsDocument,
  DeploymentDocument,
  KillTasksDocument,
  TasksDocument,
} from '../../src/client/index.ts';
import { applyMigrations, openDatabase, type Database, type DatabaseTarget } from '../../src/db/index.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

// The cluster of issue 17: 100,000 tasks on 5,000 agents, one app at the most instances an app may have.
const AGENTS = 5000;
const BIG_APP = { id: '/paging/big', instances: 10_000 };
const OTHER_APPS = Array.from({ length: 18 }, (_, i) => ({ id: `/paging/app-${String(i + 1).padStart(2, '0')}`, instances: 5000 }));
const TASKS = BIG_APP.instances + OTHER_APPS.reduce((sum, app) => sum + app.instances, 0);
/** The big app's tasks have two ports each, so it has two endpoints a task. */
const BIG_APP_PORTS = 2;
/** Its restart of last week rolled one task at a time (minimumHealthCapacity 1, maximumOverCapacity 0): two steps a task. */
const ROLLED_STEPS = 2 * BIG_APP.instances;

/** The agents: even ones have memcached (the attribute its package requires), so half qualify for it. */
async function seedAgents(db: Database): Promise<void> {
  await db.prisma.$executeRaw`
    INSERT INTO "Agent" (id, hostname, os, arch, version, cpus, mem, disk, "portRanges", attributes)
    SELECT gen_random_uuid(), 'agent-' || lpad(n::text, 4, '0'), 'LINUX', 'x64', 'test', 64, 262144, 1000000, '[[31000, 32000]]'::jsonb,
           CASE WHEN n % 2 = 0 THEN '{"program.memcached": "yes"}'::jsonb ELSE '{}'::jsonb END
    FROM generate_series(0, ${AGENTS - 1}::int) AS n`;
}

/** The apps, at version 1, as createApp stores them. */
async function seedApps(db: Database): Promise<void> {
  const specs = [BIG_APP, ...OTHER_APPS].map(({ id, instances }) =>
    requireValidSpec({
      id,
      cmd: 'sleep 600',
      cpus: 0.01,
      mem: 8,
      instances,
      portDefinitions: id === BIG_APP.id ? [{ name: 'http' }, { name: 'admin' }] : [],
    }),
  );
  await db.prisma.app.createMany({ data: specs.map((spec) => ({ id: spec.id, spec: spec as object, version: 1 })) });
  await db.prisma.appVersion.createMany({ data: specs.map((spec) => ({ appId: spec.id, version: 1, spec: spec as object })) });
}

/**
 * Every app's tasks RUNNING and healthy, dealt round the agents (20 each), in one statement: all
 * staged at one instant, as a control-loop pass stages its tasks. Task ids are the control loop's
 * (src/tasks/task-id.ts); a task's ports are its agent's next free ones.
 */
async function seedTasks(db: Database): Promise<void> {
  const apps = [BIG_APP, ...OTHER_APPS];
  const firsts = apps.map((_, i) => apps.slice(0, i).reduce((sum, app) => sum + app.instances, 0));
  await db.prisma.$executeRaw`
    WITH agents AS (SELECT id, hostname, row_number() OVER (ORDER BY hostname) - 1 AS n FROM "Agent"),
         apps AS (SELECT * FROM unnest(${apps.map((app) => app.id)}::text[], ${apps.map((app) => app.instances)}::int[], ${firsts}::int[])
                  AS a(id, instances, first))
    INSERT INTO "Task" (id, "appId", "appVersion", "agentId", host, state, "reportedState", health, ready, ports, cpus, mem, disk, "stagedAt", "startedAt")
    SELECT replace(substr(a.id, 2), '/', '_') || '.' || gen_random_uuid(), a.id, 1, g.id, g.hostname, 'RUNNING', 'RUNNING', 'HEALTHY', true,
           CASE WHEN a.id = ${BIG_APP.id} THEN ARRAY[31000 + 2 * ((a.first + i) / ${AGENTS}::int), 31001 + 2 * ((a.first + i) / ${AGENTS}::int)]
                ELSE '{}'::int[] END,
           0.01, 8, 0, now(), now()
    FROM apps a CROSS JOIN LATERAL generate_series(0, a.instances - 1) AS i
    JOIN agents g ON g.n = (a.first + i) % ${AGENTS}::int`;
}

/** The big app's finished restart, every step of it DONE. */
async function seedRolledDeployment(db: Database): Promise<string> {
  const [deployment] = await db.prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO "Deployment" (id, "appId", kind, status, "fromVersion", "toVersion", "finishedAt")
    VALUES (gen_random_uuid(), ${BIG_APP.id}, 'RESTART', 'SUCCEEDED', 1, 1, now()) RETURNING id::text`;
  await db.prisma.$executeRaw`
    INSERT INTO "DeploymentStep" (id, "deploymentId", position, action, status, detail, "startedAt", "finishedAt")
    SELECT gen_random_uuid(), ${deployment!.id}::uuid, p, CASE WHEN p % 2 = 0 THEN 'START_TASKS' ELSE 'STOP_OLD_TASKS' END, 'DONE',
           jsonb_build_object('target', p / 2 + 1, 'description', 'step ' || p), now(), now()
    FROM generate_series(0, ${ROLLED_STEPS - 1}::int) AS p`;
  return deployment!.id;
}

async function seedCluster(target: DatabaseTarget): Promise<{ deploymentId: string }> {
  const db = await openDatabase(target);
  try {
    await applyMigrations(db);
    await seedAgents(db);
    await seedApps(db);
    await seedTasks(db);
    return { deploymentId: await seedRolledDeployment(db) };
  } finally {
    await db.close();
  }
}

interface Page<Node> {
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Every node of a connection, page after page until hasNextPage is false; no page holds more than the maximum. */
async function walk<Node>(pageAfter: (after: string | undefined) => Promise<Page<Node>>): Promise<{ nodes: Node[]; pages: number }> {
  const nodes: Node[] = [];
  for (let after: string | undefined, pages = 1; ; pages++) {
    const page = await pageAfter(after);
    expect(page.nodes.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    nodes.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return { nodes, pages };
    expect(page.nodes.length, 'a page before the last is full').toBe(MAX_PAGE_SIZE);
    after = page.pageInfo.endCursor ?? undefined;
  }
}

const distinct = (values: string[]) => new Set(values).size;

type CountedPage<Node> = Page<Node> & { totalCount: number };

/** A connection walked a page at a time beside others, in the same requests. */
interface Walk<Node> {
  nodes: Node[];
  after?: string;
  done: boolean;
}

/** Takes the page into the walk, unless the walk had already reached its end. */
function step<Node>(walk: Walk<Node>, page: Page<Node>): void {
  expect(page.nodes.length).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  if (walk.done) return;
  walk.nodes.push(...page.nodes);
  walk.after = page.pageInfo.endCursor ?? undefined;
  walk.done = !page.pageInfo.hasNextPage;
}

describe.each(databaseKinds)('every list of the API, paged, at 100,000 tasks on %s', (kind) => {
  let scratch: ScratchDatabase;
  let gateway: TestGateway;
  let deploymentId: string;

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    ({ deploymentId } = await seedCluster(scratch.target));
    // The agents are rows that never poll: they must not be taken for unreachable while the test reads.
    gateway = await startTestGateway(scratch, { unreachableAfterMs: 600_000 });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await scratch?.drop();
  });

  /** A GraphQL request as any client sends it, for the errors' extensions the typed client does not keep. */
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(gateway.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
    };
  };

  it('walks the 10,000 tasks of the largest app in pages of 1,000, each task once, in the order they were staged', async () => {
    const firstPage = (await gateway.client.request(AppTasksDocument, { id: BIG_APP.id })).app!.tasks;
    expect(firstPage.nodes).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(firstPage).toMatchObject({ totalCount: BIG_APP.instances, pageInfo: { hasNextPage: true } });

    const { nodes, pages } = await walk(
      async (after) => (await gateway.client.request(AppTasksDocument, { id: BIG_APP.id, first: MAX_PAGE_SIZE, after })).app!.tasks,
    );
    expect(pages).toBe(BIG_APP.instances / MAX_PAGE_SIZE);
    expect(distinct(nodes.map((task) => task.id))).toBe(BIG_APP.instances);
    expect(nodes.every((task) => task.appId === BIG_APP.id && task.state === 'RUNNING')).toBe(true);
    // All staged at one instant: the id orders them.
    expect(nodes.map((task) => task.id)).toEqual(nodes.map((task) => task.id).toSorted());
  });

  it('refuses a page of more than 1,000, naming the argument and the limit, on every kind of connection', async () => {
    const refusals = [
      { query: 'query($first: Int) { tasks(first: $first) { totalCount } }', variables: { first: 1_000_000 }, path: ['tasks'] },
      { query: 'query($first: Int) { app(id: "/paging/big") { tasks(first: $first) { totalCount } } }', variables: { first: 100_000 }, path: ['app', 'tasks'] },
      {
        query: 'query($first: Int) { app(id: "/paging/big") { endpoints(first: $first) { totalCount } } }',
        variables: { first: 1001 },
        path: ['app', 'endpoints'],
      },
      { query: 'query($first: Int) { agents(first: $first) { totalCount } }', variables: { first: 5000 }, path: ['agents'] },
    ];
    for (const { query, variables, path } of refusals) {
      const answer = await post(query, variables);
      expect(answer.errors, query).toEqual([
        expect.objectContaining({ path, extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first', limit: MAX_PAGE_SIZE }) }),
      ]);
      expect(answer.errors![0]!.message).toContain(`first: ${variables.first} is more than the ${MAX_PAGE_SIZE} rows a page`);
    }
    const backwards = await post('query($last: Int) { events(last: $last) { pageInfo { hasPreviousPage } } }', { last: 1001 });
    expect(backwards.errors?.[0]).toMatchObject({ path: ['events'], extensions: { field: 'last', limit: MAX_PAGE_SIZE } });
    // The most a page holds is asked for and answered.
    expect((await gateway.client.request(TasksDocument, { first: MAX_PAGE_SIZE })).tasks).toMatchObject({ totalCount: TASKS, pageInfo: { hasNextPage: true } });
  });

  it('walks the 5,000 agents, and counts the tasks of each', async () => {
    const { nodes, pages } = await walk(async (after) => {
      const { agents } = await gateway.client.request(AgentsDocument, { first: MAX_PAGE_SIZE, after });
      expect(agents.totalCount).toBe(AGENTS);
      return { nodes: agents.edges.map((edge) => edge.node), pageInfo: agents.pageInfo };
    });
    expect(pages).toBe(AGENTS / MAX_PAGE_SIZE);
    expect(distinct(nodes.map((agent) => agent.id))).toBe(AGENTS);
    const { agent } = await gateway.client.request(AgentDocument, { id: nodes[0]!.id });
    expect(agent!.tasks.totalCount).toBe(TASKS / AGENTS);
    expect(agent!.tasks.edges).toHaveLength(TASKS / AGENTS);
  });

  it("walks the big app's 20,000 endpoints, a port of a task each, forwards and back", async () => {
    const { nodes } = await walk(async (after) => {
      const { endpoints } = (await gateway.client.request(AppEndpointsDocument, { id: BIG_APP.id, first: MAX_PAGE_SIZE, after })).app!;
      expect(endpoints.totalCount).toBe(BIG_APP.instances * BIG_APP_PORTS);
      return endpoints;
    });
    expect(distinct(nodes.map((endpoint) => `${endpoint.taskId}:${endpoint.portIndex}`))).toBe(BIG_APP.instances * BIG_APP_PORTS);
    expect(nodes.slice(0, 2).map((endpoint) => [endpoint.portName, endpoint.healthy])).toEqual([
      ['http', true],
      ['admin', true],
    ]);

    // Backwards from the fifth endpoint: the third and the fourth.
    const page = async (args: string) =>
      (
        (
          await post(
            `{ app(id: "/paging/big") { endpoints(${args}) { edges { cursor node { taskId portIndex } } pageInfo { hasNextPage hasPreviousPage } } } }`,
          )
        ).data!.app as { endpoints: { edges: { cursor: string; node: { taskId: string; portIndex: number } }[] } }
      ).endpoints.edges;
    const five = await page('first: 5');
    expect(five.map((edge) => edge.node)).toEqual(nodes.slice(0, 5).map(({ taskId, portIndex }) => ({ taskId, portIndex })));
    expect((await page(`last: 2, before: "${five[4]!.cursor}"`)).map((edge) => edge.cursor)).toEqual([five[2]!.cursor, five[3]!.cursor]);
    expect((await page(`first: 2, after: "${five[2]!.cursor}"`)).map((edge) => edge.cursor)).toEqual([five[3]!.cursor, five[4]!.cursor]);
  });

  it('walks the agents a package would run on, and those it would not with why', async () => {
    type Qualifying = { id: string; hostname: string };
    type Refusal = { agent: { id: string }; reasons: string };
    const qualifying: Walk<Qualifying> = { nodes: [], done: false };
    const refused: Walk<Refusal> = { nodes: [], done: false };
    // Both lists in each request: renderPackage works out the fit of every agent each time (a read of every task).
    while (!qualifying.done || !refused.done) {
      const answer = await post(
        `query($qualifyingAfter: String, $refusedAfter: String) { renderPackage(name: "memcached", appId: "/paging/cache") {
           ... on RenderPackageSuccess { data {
             qualifyingAgents(first: ${MAX_PAGE_SIZE}, after: $qualifyingAfter) { totalCount nodes { id hostname } pageInfo { hasNextPage endCursor } }
             notQualifying(first: ${MAX_PAGE_SIZE}, after: $refusedAfter) { totalCount nodes { agent { id } reasons } pageInfo { hasNextPage endCursor } } } } } }`,
        { qualifyingAfter: qualifying.after, refusedAfter: refused.after },
      );
      expect(answer.errors).toBeUndefined();
      const { data } = answer.data!.renderPackage as { data: { qualifyingAgents: CountedPage<Qualifying>; notQualifying: CountedPage<Refusal> } };
      expect([data.qualifyingAgents.totalCount, data.notQualifying.totalCount]).toEqual([AGENTS / 2, AGENTS / 2]);
      step(qualifying, data.qualifyingAgents);
      step(refused, data.notQualifying);
    }
    expect(distinct(qualifying.nodes.map((agent) => agent.id))).toBe(AGENTS / 2);
    expect(qualifying.nodes.map((agent) => agent.hostname)).toEqual(qualifying.nodes.map((agent) => agent.hostname).toSorted());
    expect(distinct(refused.nodes.map((refusal) => refusal.agent.id))).toBe(AGENTS / 2);
    expect(new Set(refused.nodes.map((refusal) => refusal.reasons))).toEqual(new Set(['failed constraint program.memcached LIKE .+']));
  });

  it('walks the 20,000 steps of a deployment that rolled one task at a time, in order', async () => {
    const { nodes } = await walk(async (after) => {
      const { deployment } = await gateway.client.request(DeploymentDocument, { id: deploymentId, first: MAX_PAGE_SIZE, after });
      expect(deployment).toMatchObject({ totalSteps: ROLLED_STEPS, stepsDone: ROLLED_STEPS, currentStep: null });
      return deployment!.steps;
    });
    expect(nodes.map((step) => step.position)).toEqual(Array.from({ length: ROLLED_STEPS }, (_, position) => position));
  });

  it("shows the dashboard's apps with a page of tasks each, counted whole", async () => {
    const { apps } = await gateway.client.request(DashboardAppsDocument, {});
    expect(apps.totalCount).toBe(1 + OTHER_APPS.length);
    for (const { node } of apps.edges) {
      expect(node.tasks.nodes.length).toBeLessThanOrEqual(10);
      expect(node.tasks.totalCount, node.id).toBe(node.id === BIG_APP.id ? BIG_APP.instances : 5000);
    }
  });

  it("answers a mutation's list whole: killTasks takes at most 1,000 ids, and kills nothing past that", async () => {
    const ids = Array.from({ length: MAX_PAGE_SIZE + 1 }, (_, i) => `paging_big.no-such-task-${i}`);
    const { killTasks } = await gateway.client.request(KillTasksDocument, { ids });
    expect(killTasks).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ field: 'ids', message: `${ids.length} tasks named: at most ${MAX_PAGE_SIZE} a call` }],
    });
    const named = await gateway.client.request(KillTasksDocument, { ids: ids.slice(0, MAX_PAGE_SIZE) });
    expect(named.killTasks).toMatchObject({ __typename: 'TasksNotFoundError', taskIds: ids.slice(0, MAX_PAGE_SIZE) });
  });

  it("keeps a flapping task's health history to its last 100 reports", async () => {
    const [task] = (await gateway.client.request(AppTaskHealthDocument, { id: OTHER_APPS[0]!.id, first: 1 })).app!.tasks.nodes;
    // A month of flapping, compressed: 150 reports, each the other health.
    await gateway.db.prisma.$executeRaw`
      INSERT INTO "TaskStatus" (id, "taskId", state, health, "healthCause", timestamp)
      SELECT gen_random_uuid(), ${task!.id}, 'RUNNING', CASE WHEN n % 2 = 0 THEN 'HEALTHY' ELSE 'UNHEALTHY' END::"TaskHealth",
             CASE WHEN n % 2 = 1 THEN 'HTTP 500' END, now() - (150 - n) * interval '1 minute'
      FROM generate_series(0, 149) AS n`;
    const [again] = (await gateway.client.request(AppTaskHealthDocument, { id: OTHER_APPS[0]!.id, first: 1 })).app!.tasks.nodes;
    expect(again!.id).toBe(task!.id);
    expect(again!.healthHistory).toHaveLength(100);
    expect(again!.healthHistory.at(-1)).toMatchObject({ health: 'UNHEALTHY', cause: 'HTTP 500' });
  });
});
