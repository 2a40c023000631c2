import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';

const registerFields = ['agentId', 'hostname', 'os', 'arch', 'version', 'resources', 'attributes', 'tasks'];
const pollFields = ['agentId', 'tasks', 'statuses', 'fileReads'];
const validRegister = {
  hostname: 'h',
  os: 'LINUX',
  arch: 'x64',
  version: '1',
  resources: { cpus: 1, mem: 1, disk: 1, gpus: 0, ports: [[1000, 1001]] },
  attributes: {},
  tasks: [],
};

describe('the agent protocol, for any message', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const token = newSecret('agent');
  let agentId: string;
  const send = (path: string, body: unknown) =>
    fetch(`${gateway.url}/agent/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    scratch = await scratchDatabase('pglite');
    db = await openDatabase(scratch.target);
    gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }), agentToken: token, pollTimeoutMs: 10 });
    agentId = ((await (await send('register', validRegister)).json()) as { agentId: string }).agentId;
  });
  afterAll(async () => {
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('a register the gateway refuses gets 400 naming the field, and registers nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...registerFields), fc.jsonValue({ maxDepth: 2 }), async (field, value) => {
        const agents = await db.prisma.agent.count();
        const answer = await send('register', { ...validRegister, [field]: value });
        expect([200, 400]).toContain(answer.status);
        if (answer.status === 400) {
          expect(((await answer.json()) as { error: string }).error).toMatch(new RegExp(`^bad register request: .*${field === 'agentId' ? 'agentId' : field}`));
          expect(await db.prisma.agent.count()).toBe(agents);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a poll the gateway refuses gets 400 naming the field, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...pollFields), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), async (message) => {
        const statuses = await db.prisma.taskStatus.count();
        const answer = await send('poll', { agentId, tasks: [], statuses: [], ...message });
        expect(answer.status, await answer.clone().text()).not.toBe(500);
        if (answer.status === 400) expect(((await answer.json()) as { error: string }).error).toMatch(/^bad poll request: \S/);
        expect(await db.prisma.taskStatus.count()).toBe(statuses);
      }),
      { numRuns: 200 },
    );
  });
});
