import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import {
  AppDocument,
  AppTasksDocument,
  CreateAppFromDefinitionDocument,
  CreateSecretDocument,
  DeleteSecretDocument,
  EventsDocument,
  GatewayClient,
  SecretsDocument,
  TaskFileDocument,
  TasksDocument,
  UpdateSecretDocument,
} from '../../src/client/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

// A gateway and an agent of the test's own (not startCluster's), so every line either logs is kept
// and searched for the secret's value, at the debug level.
describe.each(databaseKinds)('the secret store on %s', (kind) => {
  const value = `s3cr3t-${randomUUID()}`;
  const logLines: string[] = [];
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  let agent: Agent;
  let client: GatewayClient;
  let home: string;
  /** Every answer the API gave: none may hold the value. */
  const answers: unknown[] = [];
  const ask: GatewayClient['request'] = async (document, variables) => {
    const answer = await client.request(document, variables);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'corral-secrets-'));
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
    const agentToken = newSecret('agent');
    gateway = await startGateway({
      db,
      host: '127.0.0.1',
      port: 0,
      logger,
      agentToken,
      sweepMs: 250,
      unreachableAfterMs: 2000,
      pollTimeoutMs: 2000,
      secretsKeyFile: join(home, 'gateway', 'secrets.key'),
    });
    client = new GatewayClient({ url: gateway.url });
    const worker = Number(process.env.VITEST_POOL_ID ?? 1) - 1;
    const ports = 31_000 + (worker % 4) * 200 + databaseKinds.indexOf(kind) * 100;
    agent = new Agent({
      master: gateway.url,
      token: agentToken,
      workDir: join(home, 'agent'),
      programs: [],
      resources: { cpus: 4, mem: 4096, disk: 10_000, ports: [[ports, ports + 99]] },
      serviceAddress: `127.0.0.${60 + databaseKinds.indexOf(kind)}`,
      log: (level, message, fields) => void logLines.push(JSON.stringify({ level, message, ...fields })),
    });
    await agent.start();
  });
  afterAll(async () => {
    await agent?.stop({ killTasks: true });
    await client?.close();
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  const appWithSecret = (id: string, source: string) => ({
    id,
    cmd: 'printf %s "$DB_PASSWORD" > seen && exec sleep 600',
    cpus: 0.1,
    mem: 16,
    env: { DB_PASSWORD: { secret: 'dbpass' }, PLAIN: 'shown' },
    secrets: { dbpass: { source } },
  });

  const runningTask = (appId: string) =>
    eventually(
      `a task of ${appId} to run`,
      async () => (await ask(AppTasksDocument, { id: appId })).app?.tasks.nodes.find((task) => task.state === 'RUNNING'),
      20_000,
    );

  // The task's own file holds the value by design: read past the record of answers that must not.
  const seenBy = async (taskId: string) =>
    eventually('the task to write what it saw', async () => {
      const file = (await client.request(TaskFileDocument, { taskId, path: 'seen' })).taskFile;
      return file.__typename === 'TaskFileSuccess' && file.data.text.length > 0 ? file.data.text : undefined;
    });

  it('stores a secret sealed, and shows its path and dates only', async () => {
    const created = (await ask(CreateSecretDocument, { input: { path: 'shop/db-password', value } })).createSecret;
    expect(created).toMatchObject({ __typename: 'CreateSecretSuccess', data: { path: '/shop/db-password' } });
    expect((await ask(CreateSecretDocument, { input: { path: '/shop/db-password', value } })).createSecret).toMatchObject({
      __typename: 'SecretAlreadyExistsError',
      message: 'secret /shop/db-password already exists: use updateSecret to change its value',
    });
    await ask(CreateSecretDocument, { input: { path: '/shop/api/key', value: 'other' } });
    await ask(CreateSecretDocument, { input: { path: '/bank/key', value: 'other' } });
    const listed = (await ask(SecretsDocument, { prefix: '/shop' })).secrets.edges.map((edge) => edge.node.path);
    expect(listed).toEqual(['/shop/api/key', '/shop/db-password']);
    expect((await ask(SecretsDocument, {})).secrets.edges).toHaveLength(3);

    // At rest: AES-256-GCM with a key file of the gateway's, readable by its owner only.
    const key = join(home, 'gateway', 'secrets.key');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const row = await db.prisma.secret.findUniqueOrThrow({ where: { path: '/shop/db-password' } });
    expect(Buffer.from(row.sealed).includes(value)).toBe(false);
    expect(Object.keys(row)).not.toContain('value');
  });

  it('names what is wrong with a path or a value, without quoting the value', async () => {
    const bad = (await ask(CreateSecretDocument, { input: { path: '/shop/../x', value: `${value}\u0000` } })).createSecret;
    expect(bad).toMatchObject({
      __typename: 'ValidationError',
      fields: [
        { field: 'path', message: expect.stringContaining('segment ".." is not allowed') },
        { field: 'value', message: 'must not contain NUL characters (an environment variable cannot)' },
      ],
    });
    const large = (await ask(CreateSecretDocument, { input: { path: '/large', value: 'x'.repeat(70_000) } })).createSecret;
    expect(large).toMatchObject({ __typename: 'ValidationError', fields: [{ field: 'value', message: 'is 70000 bytes long: at most 65536' }] });
    expect((await ask(UpdateSecretDocument, { input: { path: '/nowhere', value } })).updateSecret).toMatchObject({
      __typename: 'SecretNotFoundError',
      message: 'secret /nowhere does not exist',
    });
  });

  it('gives a task the secret in its environment, and the value shows nowhere else', async () => {
    const created = (await ask(CreateAppFromDefinitionDocument, { definition: appWithSecret('/shop/db', '/shop/db-password') })).createApp;
    expect(created.__typename).toBe('CreateAppSuccess');
    const task = await runningTask('/shop/db');
    expect(await seenBy(task.id)).toBe(value);

    // The definition shows the reference, as it was given.
    const { app } = await ask(AppDocument, { id: '/shop/db' });
    expect(app?.definition.env).toEqual({ DB_PASSWORD: { secret: 'dbpass' }, PLAIN: 'shown' });
    await ask(TasksDocument, { appId: '/shop/db' });
    // The agent's record of the task (in the sandbox, which the API reads) keeps the plain variables only.
    const record = (await ask(TaskFileDocument, { taskId: task.id, path: 'task.json' })).taskFile;
    expect(record).toMatchObject({ __typename: 'TaskFileSuccess', data: { text: expect.stringContaining('"PLAIN":"shown"') } });
    expect(JSON.parse((record as { data: { text: string } }).data.text).spec).toMatchObject({ env: { PLAIN: 'shown' }, secretEnv: ['DB_PASSWORD'] });

    const events = (await ask(EventsDocument, { first: 1000 })).events.edges.map((edge) => edge.node);
    expect(events.filter((event) => event.type.startsWith('secret.'))).toMatchObject([
      { type: 'secret.created', subject: '/shop/db-password', payload: { path: '/shop/db-password' } },
      { type: 'secret.created', subject: '/shop/api/key' },
      { type: 'secret.created', subject: '/bank/key' },
    ]);
    expect(logLines.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers)).not.toContain(value);
    expect(logLines.filter((line) => line.includes(value))).toEqual([]);
    expect(filesHolding(join(home, 'agent'), value).map((file) => file.split('/').pop())).toEqual(['seen']);
  });

  it('launches no task while its secret is missing, says why, and launches it once the secret is created', async () => {
    await ask(CreateAppFromDefinitionDocument, { definition: appWithSecret('/shop/later', '/shop/later-password') });
    const waiting = await eventually('the app to wait for its secret', async () => {
      const app = (await ask(AppTasksDocument, { id: '/shop/later' })).app;
      return app?.queue ? app : undefined;
    });
    expect(waiting).toMatchObject({
      status: 'WAITING',
      tasks: { totalCount: 0, nodes: [] },
      queue: { summary: 'secret /shop/later-password does not exist', reasons: [{ reason: 'secret /shop/later-password does not exist', agents: 0 }] },
    });

    const later = `later-${randomUUID()}`;
    await ask(CreateSecretDocument, { input: { path: '/shop/later-password', value: later } });
    const task = await runningTask('/shop/later');
    expect(await seenBy(task.id)).toBe(later);
    expect((await ask(AppTasksDocument, { id: '/shop/later' })).app?.queue).toBeNull();
  });

  it('keeps running tasks when a secret is deleted, and gives new ones the updated value', async () => {
    const updated = `updated-${randomUUID()}`;
    expect((await ask(UpdateSecretDocument, { input: { path: '/shop/later-password', value: updated } })).updateSecret).toMatchObject({
      __typename: 'UpdateSecretSuccess',
    });
    expect((await ask(DeleteSecretDocument, { path: '/shop/db-password' })).deleteSecret).toMatchObject({
      __typename: 'DeleteSecretSuccess',
      data: { path: '/shop/db-password' },
    });
    expect((await ask(DeleteSecretDocument, { path: '/shop/db-password' })).deleteSecret).toMatchObject({
      __typename: 'SecretNotFoundError',
      message: 'secret /shop/db-password does not exist',
    });
    expect((await ask(AppTasksDocument, { id: '/shop/db' })).app?.tasks.nodes.map((task) => task.state)).toEqual(['RUNNING']);
    const events = (await ask(EventsDocument, { first: 1000, type: 'secret.deleted' })).events.edges.map((edge) => edge.node);
    expect(events).toMatchObject([{ subject: '/shop/db-password', payload: { path: '/shop/db-password' } }]);
    expect(JSON.stringify(answers)).not.toContain(updated);
    expect(logLines.filter((line) => line.includes(updated))).toEqual([]);
  });
});

/** Files under `dir` whose bytes hold `text`. */
function filesHolding(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && readFileSync(path).includes(text));
}
