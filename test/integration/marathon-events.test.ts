import { spawn } from 'node:child_process';
import { once } from 'node:events';
import pino from 'pino';
import MarathonEventBusClient from 'marathon-event-bus-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateApiTokenDocument,
  CreateAppDocument,
  DeleteAppDocument,
  GatewayClient,
  KillTasksDocument,
  RevokeApiTokenDocument,
  type AppInput,
} from '../../src/client/index.ts';
import { createApp } from '../../src/apps/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { lookUp } from '../../src/marathon/event-lookups.ts';
import { marathonEventsOf } from '../../src/marathon/marathon-events.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds, migratedDatabase, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { gatewayOnScratch } from '../helpers/gateway.ts';
import { readSse, type SseMessage, type SseReader } from '../helpers/sse-reader.ts';
import { eventually } from '../helpers/subscription.ts';
import { provisionPythonMarathon } from '../helpers/python-marathon.ts';

// Short timings for tests; the product's defaults are Marathon's (60 s interval, 300 s grace).
const quick = { intervalSeconds: 0.25, timeoutSeconds: 5, delaySeconds: 0, gracePeriodSeconds: 0, maxConsecutiveFailures: 0 };
const everyType = [
  'deployment_info',
  'deployment_step_success',
  'deployment_success',
  'deployment_failed',
  'status_update_event',
  'instance_changed_event',
  'health_status_changed_event',
  'instance_health_changed_event',
  'app_terminated_event',
];

interface BusEvent {
  type: string;
  data: Record<string, unknown>;
}

/** marathon-event-bus-client following the gateway, every event it reads kept in `seen`. */
async function followWithBusClient(url: string, headers?: Record<string, string>): Promise<{ seen: BusEvent[]; stop(): void }> {
  const seen: BusEvent[] = [];
  const { hostname, port } = new URL(url);
  const bus = new MarathonEventBusClient({
    marathonHost: hostname,
    marathonPort: port,
    marathonHeaders: headers,
    eventTypes: everyType,
    handlers: Object.fromEntries(
      everyType.map((type) => [type, (name: string, data: unknown) => seen.push({ type: name, data: data as Record<string, unknown> })]),
    ),
  });
  const subscribed = once(bus, 'subscribed');
  bus.subscribe();
  await subscribed;
  return { seen, stop: () => bus.es?.close() };
}

const found = <T>(what: string, items: () => T[], test: (item: T) => boolean, timeoutMs = 20_000) => eventually(what, () => items().find(test), timeoutMs);

describe.each(databaseKinds)("Marathon's event stream on %s", (kind) => {
  let cluster: TestCluster;
  let events: string;
  beforeAll(async () => {
    cluster = await startCluster(kind);
    events = `${cluster.gateway.url}/v2/events`;
  });
  afterAll(() => cluster?.stop());

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };

  it("marathon-event-bus-client follows an app's life: its creation, deployment, tasks, health, a kill and its end", async () => {
    const bus = await followWithBusClient(cluster.gateway.url);
    // marathon-event-bus-client 0.1.7 drops api_post_event (its list of Marathon's types lacks it): read that one from the stream itself.
    const raw = readSse(events);
    try {
      // Attached before the app is created: the stream starts at the log's head when it attaches, and an event before that is not its.
      await found(
        'the stream attached',
        () => raw.messages(),
        (message) => message.event === 'event_stream_attached',
      );
      const id = '/bus/web';
      const of = (type: string, test: (data: Record<string, unknown>) => boolean = () => true) =>
        found(
          `${type} of ${id}`,
          () => bus.seen,
          (event) => event.type === type && test(event.data),
        );
      await create({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, healthChecks: [{ ...quick, protocol: 'COMMAND', command: { value: 'true' } }] });

      const posted = await found(
        'api_post_event',
        () => raw.messages(),
        (message) => message.event === 'api_post_event' && (message.data.appDefinition as { id?: string }).id === id,
      );
      expect(posted.data).toMatchObject({
        eventType: 'api_post_event',
        uri: '/v2/apps',
        appDefinition: { id, cmd: 'sleep 600', instances: 1, healthChecks: [{ protocol: 'COMMAND' }] },
      });
      const version = (posted.data.appDefinition as { version: string }).version;
      expect(new Date(version).toISOString()).toBe(version);

      const info = await of('deployment_info', (data) => (data.plan as { steps: { actions: { app: string }[] }[] }).steps[0]?.actions[0]?.app === id);
      const plan = info.data.plan as { id: string; version: string };
      expect(info.data).toMatchObject({
        plan: { steps: [{ actions: [{ action: 'StartApplication', app: id }] }], version },
        currentStep: { actions: [{ action: 'StartApplication', app: id }] },
      });

      const running = await of('status_update_event', (data) => data.appId === id && data.taskStatus === 'TASK_RUNNING');
      const taskId = running.data.taskId as string;
      expect(running.data).toMatchObject({
        eventType: 'status_update_event',
        slaveId: cluster.agents[0]!.id,
        appId: id,
        version,
        message: expect.any(String),
        ipAddresses: expect.any(Array),
      });
      expect(running.data.host).toBeTruthy();
      expect(running.data.ports).toEqual([expect.any(Number)]);
      await of('status_update_event', (data) => data.taskId === taskId && data.taskStatus === 'TASK_STAGING');
      await of('instance_changed_event', (data) => data.instanceId === taskId && data.condition === 'Running');

      const healthy = await of('health_status_changed_event', (data) => data.taskId === taskId);
      expect(healthy.data).toMatchObject({ appId: id, instanceId: taskId, version, alive: true });
      const success = await of('deployment_success', (data) => data.id === plan.id);
      expect(success.data).toMatchObject({ plan: { id: plan.id } });
      // In Marathon's order: the plan, the task, its health, then the end of the deployment.
      const order = [info, running, healthy, success].map((event) => bus.seen.indexOf(event));
      expect(order).toEqual([...order].sort((a, b) => a - b));

      const { killTasks } = await cluster.client.request(KillTasksDocument, { ids: [taskId] });
      expect(killTasks.__typename).toBe('KillTasksSuccess');
      await of('status_update_event', (data) => data.taskId === taskId && data.taskStatus === 'TASK_KILLING');
      const killed = await of('status_update_event', (data) => data.taskId === taskId && data.taskStatus === 'TASK_KILLED');
      expect(killed.data).toMatchObject({ appId: id, host: running.data.host, ports: running.data.ports, version });
      // The control loop replaces it.
      await of('status_update_event', (data) => data.appId === id && data.taskId !== taskId && data.taskStatus === 'TASK_RUNNING');

      const { deleteApp } = await cluster.client.request(DeleteAppDocument, { id });
      expect(deleteApp.__typename).toBe('DeleteAppSuccess');
      await of('app_terminated_event', (data) => data.appId === id);
      const stopped = bus.seen.find(
        (event) =>
          event.type === 'deployment_success' &&
          (event.data.plan as { steps: { actions: { action: string }[] }[] }).steps[0]?.actions[0]?.action === 'StopApplication',
      );
      expect(stopped?.data.plan).toMatchObject({ original: { apps: [{ id }] }, target: { apps: [] } });
    } finally {
      bus.stop();
      raw.close();
    }
  });

  it('a stream resumed with Last-Event-ID gets every later event exactly once, in order', async () => {
    const reference = readSse(events);
    const first = readSse(events);
    const streams: SseReader[] = [reference, first];
    try {
      const attachedOf = (reader: SseReader) =>
        found(
          'the attachment',
          () => reader.messages(),
          (message) => message.event === 'event_stream_attached',
        );
      const start = BigInt((await attachedOf(first)).id!);
      expect(BigInt((await attachedOf(reference)).id!)).toBeLessThanOrEqual(start);
      const posted = (reader: SseReader, id: string) =>
        found(
          `api_post_event of ${id}`,
          () => reader.messages(),
          (message) => message.event === 'api_post_event' && (message.data.appDefinition as { id: string }).id === id,
        );

      await create({ id: '/resume/a', cmd: 'sleep 600', cpus: 0.1, mem: 16 });
      await create({ id: '/resume/b', cmd: 'sleep 600', cpus: 0.1, mem: 16 });
      const cut = (await posted(first, '/resume/a')).id!;
      await posted(first, '/resume/b');
      first.close();
      await create({ id: '/resume/c', cmd: 'sleep 600', cpus: 0.1, mem: 16, instances: 2 });
      await create({ id: '/resume/end', cmd: 'true', cpus: 0.1, mem: 16, instances: 0 });

      const second = readSse(events, { 'last-event-id': cut });
      streams.push(second);
      expect((await attachedOf(second)).id).toBe(cut);
      await posted(second, '/resume/end');
      await posted(reference, '/resume/end');

      const logged = (messages: SseMessage[]) => messages.filter((message) => !message.event.startsWith('event_stream_'));
      const upToEnd = (messages: SseMessage[]) =>
        messages.slice(
          0,
          messages.findIndex((message) => message.event === 'api_post_event' && (message.data.appDefinition as { id: string }).id === '/resume/end') + 1,
        );
      const resumed = upToEnd([...logged(first.messages()).filter((message) => BigInt(message.id!) <= BigInt(cut)), ...logged(second.messages())]);
      const continuous = upToEnd(logged(reference.messages()).filter((message) => BigInt(message.id!) > start));
      expect(resumed.length).toBeGreaterThan(4);
      expect(resumed).toEqual(continuous);
      expect(resumed.map((message) => message.event)).toContain('status_update_event');
    } finally {
      for (const stream of streams) stream.close();
    }
  });

  it('event_type keeps only the types asked for, as in Marathon', async () => {
    const stream = readSse(`${events}?event_type=api_post_event&event_type=deployment_success`);
    try {
      expect((await stream.response).headers.get('content-type')).toContain('text/event-stream');
      await create({ id: '/filter/only', cmd: 'true', cpus: 0.1, mem: 16, instances: 0 });
      // A deployment of an earlier test may succeed while this stream is open: wait for the one after this app's api_post_event.
      const after = (messages: SseMessage[]) =>
        messages.slice(
          messages.findIndex((message) => message.event === 'api_post_event' && (message.data.appDefinition as { id: string }).id === '/filter/only'),
        );
      await found(
        "/filter/only's api_post_event",
        () => stream.messages(),
        (message) => message.event === 'api_post_event' && (message.data.appDefinition as { id: string }).id === '/filter/only',
      );
      await found(
        'the deployment_success after it',
        () => after(stream.messages()),
        (message) => message.event === 'deployment_success',
      );
      const types = new Set(stream.messages().map((message) => message.event));
      expect([...types].sort()).toEqual(['api_post_event', 'deployment_success']);
    } finally {
      stream.close();
    }
  });

  it('tells the other streams of one attaching and detaching; a stream whose client went is detached', async () => {
    const watcher = readSse(`${events}?event_type=event_stream_attached&event_type=event_stream_detached`);
    let other: SseReader | undefined;
    try {
      await found(
        'its own attachment',
        () => watcher.messages(),
        (message) => message.event === 'event_stream_attached',
      );
      other = readSse(events);
      const attached = await found(
        'the other attaching',
        () => watcher.messages().slice(1),
        (message) => message.event === 'event_stream_attached',
      );
      expect(attached.data).toMatchObject({ remoteAddress: expect.stringContaining('127.0.0.1'), timestamp: expect.any(String) });
      expect(attached.id).toBeUndefined(); // not in the log: nothing to resume after
      other.close();
      await found(
        'the other detaching',
        () => watcher.messages(),
        (message) => message.event === 'event_stream_detached',
      );
    } finally {
      other?.close();
      watcher.close();
    }
  });

  it("python-marathon's event_stream reads every event of an app's life into its models", async () => {
    // Its models take every key as a constructor argument: a key it does not know, or a plan without original and target, fails it.
    const script = [
      'import sys',
      'from marathon import MarathonClient',
      'for event in MarathonClient(sys.argv[1]).event_stream():',
      '    print(type(event).__name__, flush=True)',
    ].join('\n');
    const python = spawn(await provisionPythonMarathon(), ['-c', script, cluster.gateway.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    python.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    python.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const read = (name: string) =>
      eventually(`python-marathon reading ${name}`, () => {
        if (python.exitCode !== null) throw new Error(err);
        return out.split('\n').includes(name);
      });
    try {
      await read('MarathonEventStreamAttached');
      const id = '/python/web';
      await create({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, healthChecks: [{ ...quick, protocol: 'COMMAND', command: { value: 'true' } }] });
      for (const name of [
        'MarathonApiPostEvent',
        'MarathonDeploymentInfo',
        'MarathonStatusUpdateEvent',
        'MarathonInstanceChangedEvent',
        'MarathonHealthStatusChangedEvent',
        'MarathonInstanceHealthChangedEvent',
        'MarathonDeploymentStepSuccess',
        'MarathonDeploymentSuccess',
      ])
        await read(name);
      const { deleteApp } = await cluster.client.request(DeleteAppDocument, { id });
      expect(deleteApp.__typename).toBe('DeleteAppSuccess');
      await read('MarathonAppTerminatedEvent');
      expect(err).toBe('');
    } finally {
      python.kill();
    }
  });

  it('refuses a Last-Event-ID that is not a sequence number, naming the header', async () => {
    const answer = await fetch(events, { headers: { accept: 'text/event-stream', 'last-event-id': 'yesterday' } });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toContain('Last-Event-ID: "yesterday"');
  });
});

describe.each(databaseKinds)("the event stream's tokens on %s", (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  let admin: GatewayClient;
  const adminToken = newSecret('api');
  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), adminToken, tokensRequired: true });
    admin = new GatewayClient({ url: gateway.url, token: adminToken });
  });
  afterAll(async () => {
    await admin?.close();
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  const basic = (token: string) => `Basic ${Buffer.from(`marathon:${token}`).toString('base64')}`;

  it("refuses a request without a valid token with 401, in Marathon's body", async () => {
    for (const [authorization, reason] of [
      [undefined, 'this gateway requires an API token'],
      ['Bearer corral_api_not-a-real-one', 'the API token is wrong or revoked'],
      [basic('corral_api_not-a-real-one'), 'the API token is wrong or revoked'],
    ] as const) {
      const answer = await fetch(`${gateway.url}/v2/events`, { headers: { accept: 'text/event-stream', ...(authorization && { authorization }) } });
      expect(answer.status).toBe(401);
      expect(((await answer.json()) as { message: string }).message).toContain(reason);
    }
  });

  it('streams to a token given as Bearer, or as the password of HTTP Basic', async () => {
    for (const authorization of [`Bearer ${adminToken}`, basic(adminToken)]) {
      const stream = readSse(`${gateway.url}/v2/events`, { authorization });
      try {
        expect((await stream.response).status).toBe(200);
        await found(
          'the attachment',
          () => stream.messages(),
          (message) => message.event === 'event_stream_attached',
        );
      } finally {
        stream.close();
      }
    }
  });

  it('marathon-event-bus-client reads it with the token in its headers', async () => {
    const bus = await followWithBusClient(gateway.url, { Authorization: basic(adminToken) });
    try {
      await admin.request(CreateAppDocument, { input: { id: '/tokens/app', cmd: 'true', cpus: 0.1, mem: 16, instances: 0 } });
      await found(
        'deployment_success',
        () => bus.seen,
        (event) => event.type === 'deployment_success',
      );
    } finally {
      bus.stop();
    }
  });

  it('ends the stream of a token when it is revoked; the token is refused after', async () => {
    const { createApiToken } = await admin.request(CreateApiTokenDocument, { name: 'event reader', role: 'VIEWER' });
    if (createApiToken.__typename !== 'CreateApiTokenSuccess') throw new Error(JSON.stringify(createApiToken));
    const { secret, token } = createApiToken.data;
    const stream = readSse(`${gateway.url}/v2/events`, { authorization: `Bearer ${secret}` });
    try {
      await found(
        'the attachment',
        () => stream.messages(),
        (message) => message.event === 'event_stream_attached',
      );
      await admin.request(RevokeApiTokenDocument, { id: token.id });
      await stream.ended;
      const again = await fetch(`${gateway.url}/v2/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${secret}` } });
      expect(again.status).toBe(401);
    } finally {
      stream.close();
    }
  });
});

describe("the event stream's connection", () => {
  it('keeps an idle stream open with comments, and ends it when the gateway closes', async () => {
    const { gateway, stop } = await gatewayOnScratch('pglite');
    const stream = readSse(`${gateway.url}/v2/events?event_type=framework_message_event`);
    try {
      await found(
        'a keep-alive comment',
        () => stream.frames,
        (frame) => frame.comment !== undefined,
        15_000,
      );
      expect(stream.messages()).toEqual([]);
    } finally {
      await stop();
    }
    await stream.ended;
    stream.close();
  });
});

// A burst of events (a client catching up, a large deployment) is joined with the tasks, deployments
// and versions it concerns in a few statements, not a few per event: counted on a database no gateway uses.
describe.each(databaseKinds)('a burst of events on %s', (kind) => {
  const APPS = 40;
  let database: Awaited<ReturnType<typeof migratedDatabase>>;
  let db: Database;
  beforeAll(async () => {
    database = await migratedDatabase(kind);
    db = database.db;
    for (let i = 0; i < APPS; i++) await createApp(db.prisma, { id: `/burst/app-${i}`, cmd: 'sleep 1000', instances: 1 });
    const apps = await db.prisma.app.findMany();
    await db.prisma.task.createMany({
      data: apps.map((app) => ({
        id: `${app.id.slice(1).replace('/', '_')}.1`,
        appId: app.id,
        appVersion: 1,
        state: 'RUNNING' as const,
        host: '127.0.0.1',
        ports: [20000],
        cpus: 0.1,
        mem: 32,
        disk: 0,
      })),
    });
    await db.prisma.event.createMany({
      data: apps.flatMap((app) => {
        const taskId = `${app.id.slice(1).replace('/', '_')}.1`;
        return [
          { type: 'task.status', subject: taskId, payload: { taskId, appId: app.id, agentId: null, state: 'RUNNING', previousState: 'STAGING' } },
          { type: 'task.health', subject: taskId, payload: { taskId, appId: app.id, health: 'HEALTHY', previousHealth: 'UNKNOWN' } },
        ];
      }),
    });
  }, 120_000);
  afterAll(async () => database?.drop());

  it('is translated in the same few statements for one app as for forty', async () => {
    const events = await db.prisma.event.findMany({ orderBy: { sequence: 'asc' } });
    const translate = async (batch: typeof events) => {
      const before = db.statementsSent();
      const lookups = await lookUp(db.prisma, batch);
      const made = batch.flatMap((event) => marathonEventsOf(event, lookups));
      return { made, statements: db.statementsSent() - before };
    };
    const all = await translate(events);
    const one = await translate(events.filter((event) => event.subject === '/burst/app-7' || (event.payload as { appId?: string }).appId === '/burst/app-7'));
    expect(all.statements).toBeLessThanOrEqual(5);
    expect(one.statements).toBe(all.statements);
    const types = (made: { eventType: string }[]) => made.map((event) => event.eventType);
    expect(types(all.made).filter((type) => type === 'api_post_event')).toHaveLength(APPS);
    expect(types(all.made).filter((type) => type === 'deployment_info')).toHaveLength(APPS);
    const running = all.made.filter((event) => event.eventType === 'status_update_event');
    expect(running).toHaveLength(APPS);
    expect(running[0]).toMatchObject({
      taskStatus: 'TASK_RUNNING',
      host: '127.0.0.1',
      ports: [20000],
      ipAddresses: [{ ipAddress: '127.0.0.1', protocol: 'IPv4' }],
    });
    expect(types(all.made).filter((type) => type === 'health_status_changed_event')).toHaveLength(APPS);
  });
});
