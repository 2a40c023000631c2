import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppEndpointsDocument,
  AppTasksDocument,
  CreateAppDocument,
  KillTasksDocument,
  ScaleAppDocument,
  UpdateAppDocument,
  type AppInput,
} from '../../src/client/index.ts';
import { GatewayClient } from '../../src/client/index.ts';
import { openDatabase } from '../../src/db/index.ts';
import { startGateway } from '../../src/server/index.ts';
import { newSecret } from '../../src/tokens/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds, scratchDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/subscription.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const quickCheck = {
  protocol: 'HTTP',
  path: '/',
  intervalSeconds: 0.25,
  timeoutSeconds: 1,
  delaySeconds: 0,
  gracePeriodSeconds: 10,
  maxConsecutiveFailures: 0,
};

/** One HTTP GET on a connection of its own (the proxy takes turns per connection): the body, or the connection's error code. */
function get(host: string, port: number, path = '/'): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe.each(databaseKinds)('service discovery and service ports on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}, {}]);
  });
  afterAll(() => cluster?.stop());

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
    return createApp.__typename === 'CreateAppSuccess' ? createApp.data.app : undefined!;
  };
  const servicePortsOf = (app: { definition: { portDefinitions: { servicePort?: number | null }[] } }) =>
    app.definition.portDefinitions.map((definition) => definition.servicePort);
  const endpointsOf = async (id: string) => (await cluster.client.request(AppEndpointsDocument, { id })).app?.endpoints.nodes ?? [];
  const healthyTasks = (id: string, count: number) =>
    eventually(
      `${count} healthy tasks of ${id}`,
      async () => {
        const healthy =
          (await cluster.client.request(AppTasksDocument, { id })).app?.tasks.nodes.filter((task) => task.state === 'RUNNING' && task.health === 'HEALTHY') ??
          [];
        return healthy.length === count ? healthy : undefined;
      },
      30_000,
    );
  const proxyOf = (index: number) => cluster.serviceAddressOf(cluster.agents[index]!);

  it("assigns service ports from the gateway's range, keeps them across versions and refuses one another app has", async () => {
    const [from] = cluster.servicePorts;
    const first = await create({
      id: '/ports/a',
      cmd: 'sleep 60',
      instances: 0,
      portDefinitions: [{ port: 0, servicePort: 0 }, { port: 0, name: 'admin', servicePort: 0 }, { port: 0 }],
    });
    expect(servicePortsOf(first)).toEqual([from, from + 1, null]);
    const second = await create({ id: '/ports/b', cmd: 'sleep 60', instances: 0, portDefinitions: [{ port: 0, servicePort: 0 }] });
    expect(servicePortsOf(second)).toEqual([from + 2]);

    // Asking again for 0 keeps what the app has: no new version, no new port.
    const { updateApp } = await cluster.client.request(UpdateAppDocument, {
      id: '/ports/b',
      input: { cmd: 'sleep 61', portDefinitions: [{ port: 0, servicePort: 0 }] },
    });
    expect(updateApp.__typename === 'UpdateAppSuccess' && [updateApp.data.app.version, servicePortsOf(updateApp.data.app)]).toEqual([2, [from + 2]]);

    const { createApp: refused } = await cluster.client.request(CreateAppDocument, {
      input: { id: '/ports/c', cmd: 'sleep 60', instances: 0, portDefinitions: [{ port: 0, servicePort: from + 1 }] },
    });
    expect(refused.__typename === 'ValidationError' && refused.fields).toEqual([
      {
        field: 'portDefinitions[0].servicePort',
        message: `${from + 1} is already the service port of app /ports/a: choose another, or 0 for one from ${from}-${cluster.servicePorts[1]}`,
      },
    ]);
  });

  describe('an app with a service port and two healthy tasks', () => {
    const id = '/svc/web';
    let servicePort: number;
    let taskIds: string[];
    beforeAll(async () => {
      const app = await create({
        id,
        args: [process.execPath, server],
        cpus: 0.1,
        mem: 32,
        instances: 2,
        portDefinitions: [{ port: 0, name: 'http', servicePort: 0 }],
        healthChecks: [quickCheck],
      });
      servicePort = app.definition.portDefinitions[0]!.servicePort!;
      taskIds = (await healthyTasks(id, 2)).map((task) => task.id).sort();
    });

    it('lists its endpoints in the API and its healthy host:ports at /v1/discovery', async () => {
      const endpoints = await endpointsOf(id);
      expect(endpoints.map((endpoint) => endpoint.taskId).sort()).toEqual(taskIds);
      expect(
        endpoints.every((endpoint) => endpoint.healthy && endpoint.servicePort === servicePort && endpoint.portName === 'http' && endpoint.portIndex === 0),
      ).toBe(true);
      const response = await fetch(`${cluster.gateway.url}/v1/discovery${id}`);
      expect(response.status).toBe(200);
      expect(((await response.json()) as string[]).sort()).toEqual(endpoints.map((endpoint) => `${endpoint.host}:${endpoint.port}`).sort());
      expect(await (await fetch(`${cluster.gateway.url}/v1/discovery${id}?port=http`)).json()).toHaveLength(2);
      expect((await fetch(`${cluster.gateway.url}/v1/discovery/svc/nothing`)).status).toBe(404);
    });

    it("is reached through every agent's proxy at its service port, each connection by the next task", async () => {
      for (const agent of [0, 1]) {
        // The proxy hears of the second healthy task a moment after the API does.
        const served = await eventually(
          `agent ${agent}'s proxy to take turns over both tasks`,
          async () => {
            const answers = [];
            for (let i = 0; i < 4; i++) answers.push((await get(proxyOf(agent), servicePort)).replace('hello from ', ''));
            return [...new Set(answers)].sort().join() === taskIds.join() ? answers : undefined;
          },
          10_000,
        );
        expect([served[0], served[2]]).toEqual([served[1] === taskIds[0] ? taskIds[1] : taskIds[0], served[0]]);
        expect(served[3]).toBe(served[1]);
      }
    });

    it('gives the tasks of an app that depends on it CORRAL_SERVICE_* variables that reach it', async () => {
      const client = await create({
        id: '/svc/client',
        dependencies: [id],
        cpus: 0.1,
        mem: 32,
        portDefinitions: [],
        cmd: `echo "$CORRAL_SERVICE_HOST $CORRAL_SERVICE_WEB_PORT $CORRAL_SERVICE_SVC_WEB_PORT_HTTP"; ${JSON.stringify(process.execPath)} -e "fetch('http://' + process.env.CORRAL_SERVICE_HOST + ':' + process.env.CORRAL_SERVICE_WEB_PORT).then((r) => r.text()).then(console.log)"; sleep 60`,
      });
      const task = await eventually(
        'the client task to print',
        async () => {
          const [running] = (await cluster.client.request(AppTasksDocument, { id: client.id })).app?.tasks.nodes ?? [];
          if (!running?.agent) return undefined;
          const agent = cluster.agents.find((candidate) => candidate.id === running.agent!.id)!;
          const stdout = readFileSync(join(cluster.workDirOf(agent), 'sandboxes', 'svc_client', running.id, 'stdout'), 'utf8').split('\n');
          return stdout.length > 2 ? { agent, stdout } : undefined;
        },
        30_000,
      );
      expect(task.stdout[0]).toBe(`${cluster.serviceAddressOf(task.agent)} ${servicePort} ${servicePort}`);
      expect(task.stdout[1]).toMatch(/^hello from svc_web\./);
      await cluster.client.request(ScaleAppDocument, { id: client.id, instances: 0 });
    });

    it('stops sending to a task within a second of its failing health check, and sends again once it passes', async () => {
      const [sick, well] = taskIds as [string, string];
      const task = (await cluster.client.request(AppTasksDocument, { id })).app!.tasks.nodes.find((candidate) => candidate.id === sick)!;
      const agent = cluster.agents.find((candidate) => candidate.id === task.agent!.id)!;
      const marker = join(cluster.workDirOf(agent), 'sandboxes', 'svc_web', sick, 'sick');
      // The fixture answers 500 "sick" while this file is in its sandbox: alive, but failing its checks.
      writeFileSync(marker, '');
      const madeSick = Date.now();
      await eventually(
        'the proxy to send every connection to the healthy task',
        async () => {
          const answers = [await get(proxyOf(0), servicePort), await get(proxyOf(0), servicePort)];
          return answers.every((answer) => answer === `hello from ${well}`);
        },
        5000,
        20,
      );
      // One failed check (every 0.25 s), then the table reaches the agents.
      expect(Date.now() - madeSick).toBeLessThan(1500);
      rmSync(marker);
      await eventually(
        'the proxy to take turns over both tasks again',
        async () => {
          const answers = [await get(proxyOf(0), servicePort), await get(proxyOf(0), servicePort)];
          return new Set(answers).size === 2;
        },
        5000,
        20,
      );
    });

    it('follows a kill within a second, and refuses connections at once while no task is healthy', async () => {
      const [victim] = taskIds as [string, string];
      const { killTasks } = await cluster.client.request(KillTasksDocument, { ids: [victim] });
      expect(killTasks.__typename).toBe('KillTasksSuccess');
      const killedAt = Date.now();
      await eventually(
        'the proxy to stop sending to the killed task',
        async () => {
          const answers = [await get(proxyOf(0), servicePort), await get(proxyOf(0), servicePort)];
          // From the other task, or from the victim's replacement once that is healthy: never from the victim.
          return answers.every((answer) => answer.startsWith('hello from svc_web.') && answer !== `hello from ${victim}`);
        },
        5000,
        20,
      );
      expect(Date.now() - killedAt).toBeLessThan(1500);

      // Its replacement settled first, so that no task is on its way up when the app scales to 0.
      await healthyTasks(id, 2);
      await cluster.client.request(ScaleAppDocument, { id, instances: 0 });
      const scaledAt = Date.now();
      await eventually('the proxy to refuse connections', async () => (await get(proxyOf(1), servicePort)) === 'ECONNREFUSED', 5000, 20);
      expect(Date.now() - scaledAt).toBeLessThan(1500);
      // Refused, not left waiting: a frontend answers its own 404 or 503 at once.
      const began = Date.now();
      expect(await eventually('agent 0 to refuse too', async () => (await get(proxyOf(0), servicePort)) === 'ECONNREFUSED', 5000, 20)).toBe(true);
      expect(Date.now() - began).toBeLessThan(1000);
      await eventually(
        'discovery to list no endpoint',
        async () => ((await (await fetch(`${cluster.gateway.url}/v1/discovery${id}`)).json()) as string[]).length === 0,
        5000,
      );
    });
  });
});

describe('/v1/discovery where tokens are required', () => {
  it('answers callers with an API or agent token, and 401 to the others', async () => {
    const scratch = await scratchDatabase('pglite');
    const db = await openDatabase(scratch.target);
    const [agentToken, adminToken] = [newSecret('agent'), newSecret('api')];
    const gateway = await startGateway({ db, host: '127.0.0.1', port: 0, logger: pino({ level: 'warn' }), agentToken, adminToken, tokensRequired: true });
    try {
      const admin = new GatewayClient({ url: gateway.url, token: adminToken });
      await admin.request(CreateAppDocument, { input: { id: '/locked/web', cmd: 'sleep 60', instances: 0 } });
      await admin.close();
      const status = async (token?: string) =>
        (await fetch(`${gateway.url}/v1/discovery/locked/web`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
      expect(await status()).toBe(401);
      expect(await status('corral_api_wrong')).toBe(401);
      expect(await status(agentToken)).toBe(200);
      expect(await status(adminToken)).toBe(200);
      // The API itself takes API tokens only, as before.
      const anonymous = new GatewayClient({ url: gateway.url });
      await expect(anonymous.request(AppEndpointsDocument, { id: '/locked/web' })).rejects.toThrow(/requires an API token/);
      await anonymous.close();
    } finally {
      await gateway.close();
      await db.close();
      await scratch.drop();
    }
  });
});
