import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/index.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { startGateway, type Gateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { databaseKinds, scratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';
import { startTcpProxy } from '../helpers/tcp-proxy.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  path?: string;
  status?: number | string;
  [field: string]: unknown;
}

describe.each(databaseKinds)('request ids in the logs on %s', (kind) => {
  let scratch: ScratchDatabase;
  let db: Database;
  let gateway: Gateway;
  const gatewayLines: LogLine[] = [];
  const rawLogs: string[] = [];
  const agentToken = newSecret('agent');

  beforeAll(async () => {
    scratch = await scratchDatabase(kind);
    db = await openDatabase(scratch.target);
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        rawLogs.push(chunk.toString());
        gatewayLines.push(JSON.parse(chunk.toString()) as LogLine);
        done();
      },
    });
    gateway = await startGateway({
      db,
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'debug' }, sink),
      agentToken,
      pollTimeoutMs: 2000,
      unreachableAfterMs: 6000,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await db?.close();
    await scratch?.drop();
  });

  const graphql = (headers: Record<string, string>) =>
    fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ apps { totalCount } }' }),
    });

  it('answers the x-request-id it was sent, and the lines logged while serving it carry it', async () => {
    const response = await graphql({ 'x-request-id': 'dashboard-7f3a.42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('dashboard-7f3a.42');
    const served = await eventually('the line of that request', () =>
      gatewayLines.find((line) => line.reqId === 'dashboard-7f3a.42' && line.msg === 'request'),
    );
    expect(served).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
    // graphql-yoga's own lines, written with the one logger it was given, carry it too.
    expect(gatewayLines.filter((line) => line.reqId === 'dashboard-7f3a.42').map((line) => line.msg)).toContain(
      'Parsing request to extract GraphQL parameters',
    );
  });

  it('makes up a UUID when none is sent, or when the one sent is not a short plain token', async () => {
    for (const headers of [{}, { 'x-request-id': 'a'.repeat(200) }, { 'x-request-id': 'two words; forged=1' }] as Record<string, string>[]) {
      const response = await graphql(headers);
      const reqId = response.headers.get('x-request-id');
      expect(reqId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      await eventually('its log line', () => gatewayLines.some((line) => line.reqId === reqId));
    }
  });

  it('a failed poll is logged by the agent and the gateway with the same reqId', async () => {
    // The agent reaches the gateway through a link the test can break while a poll is held open.
    const link = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(gateway.url).port) });
    const workDir = mkdtempSync(join(tmpdir(), 'corral-request-ids-'));
    const agentLines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const agent = new Agent({
      master: link.url,
      token: agentToken,
      workDir,
      programs: [],
      resources: { cpus: 1, mem: 256, disk: 1000, ports: [] },
      serviceAddress: '127.0.0.60',
      log: (level, message, fields) => agentLines.push({ level, message, fields: fields ?? {} }),
    });
    try {
      await agent.start();
      // A poll answered (after being held up to 2 s here): the agent has sent the next one at once; break the link under it.
      await eventually('a poll answered', () => gatewayLines.some((line) => line.path === '/agent/v1/poll' && line.status === 200));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await link.close();
      const failed = await eventually('the agent to log a failed poll', () => agentLines.find((line) => line.message === 'poll failed; retrying'));
      const reqId = failed.fields.reqId as string;
      expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
      const gatewaySide = await eventually('the gateway line of that poll', () => gatewayLines.find((line) => line.reqId === reqId));
      expect(gatewaySide).toMatchObject({ msg: 'request', path: '/agent/v1/poll', status: 'closed before the answer' });
    } finally {
      await agent.stop({ killTasks: true });
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('never writes a token to the logs', () => {
    const all = rawLogs.join('');
    expect(all).not.toContain(agentToken);
    expect(all.length).toBeGreaterThan(0);
  });
});
