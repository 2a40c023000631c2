import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppTasksDocument, CreateAppDocument, KillTasksDocument, type AppInput } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { provisionJava } from '../helpers/java.ts';
import { eventually } from '../helpers/subscription.ts';
import { startWindowsAgent, type WindowsAgent } from '../helpers/windows-agent.ts';
import { windowsPath } from '../helpers/wine.ts';

// The seed's demonstration, as examples/mixed-os/ gives it to users: a
// frontend on a Windows machine (node.exe under Wine) that reaches its
// backend on a Linux machine only through its own agent's service proxy, at
// 127.0.0.1:<service port>; and a Java task, `java Hello.java`, on Linux.

const example = new URL('../../examples/mixed-os/', import.meta.url);
const within = 60_000;
const slow = 120_000;

/** An app of examples/mixed-os/apps, its programs fetched from the example folder as the agent's OS names it. */
function exampleApp(name: string, os: 'linux' | 'windows', servicePort: number): AppInput {
  const app = JSON.parse(readFileSync(new URL(`apps/${name}.json`, example), 'utf8')) as AppInput & { env?: Record<string, string> };
  const folder = os === 'linux' ? pathToFileURL(fileURLToPath(example)).toString() : `file:///${windowsPath(fileURLToPath(example)).replace(/\\/g, '/')}`;
  // The example fixes a well-known service port; the test takes one of its cluster's, so parallel test files never share it.
  return {
    ...app,
    fetch: app.fetch?.map((entry) => ({ ...entry, uri: new URL(entry.uri, folder).toString() })),
    portDefinitions: app.portDefinitions?.map((definition) => (definition.servicePort ? { ...definition, servicePort } : definition)),
    env: app.env?.BACKEND_SERVICE_PORT ? { ...app.env, BACKEND_SERVICE_PORT: String(servicePort) } : app.env,
    healthChecks: app.healthChecks?.map((check) => ({ ...check, intervalSeconds: 0.5 })),
  };
}

/** One GET on a connection of its own: status and body, or the connection's error. */
function get(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: error.code ?? error.message }));
    req.end();
  });
}

describe('the mixed-OS demo: a Windows frontend, a Linux backend through the service proxy, Java on Linux', () => {
  let cluster: TestCluster;
  let windows: WindowsAgent;
  let servicePort: number;
  beforeAll(async () => {
    const java = await provisionJava();
    cluster = await startCluster('pglite', [{ attributes: { 'program.java': java } }]);
    servicePort = cluster.servicePorts[0];
    // On a fresh machine this first installs Wine and node.exe (.ci/wine.sh). Its service proxy listens on 127.0.0.1, as on a real machine.
    windows = await startWindowsAgent({
      master: cluster.gateway.url,
      token: cluster.agentToken,
      client: cluster.client,
      ports: cluster.nextAgentPorts(),
      nodeOnPath: true,
    });
  }, 720_000);
  afterAll(async () => {
    await windows?.stop();
    await cluster?.stop();
  });
  beforeEach(({ onTestFailed }) => onTestFailed(() => console.error(`Windows agent log:\n${windows?.log()}`)));

  const create = async (input: AppInput) => {
    const { createApp } = await cluster.client.request(CreateAppDocument, { input });
    expect(createApp.__typename, JSON.stringify(createApp)).toBe('CreateAppSuccess');
  };
  const tasksOf = async (id: string) => (await cluster.client.request(AppTasksDocument, { id })).app?.tasks.nodes ?? [];
  const healthyTask = (id: string, except?: string) =>
    eventually(
      `a healthy task of ${id}`,
      async () => (await tasksOf(id)).find((task) => task.state === 'RUNNING' && task.health === 'HEALTHY' && task.id !== except),
      within,
      25,
    );

  let frontendPort: number;

  it(
    'runs the frontend on Windows; it answers 404 while the backend does not exist',
    async () => {
      await create(exampleApp('frontend', 'windows', servicePort));
      const frontend = await healthyTask('/mixed-os/frontend');
      expect(frontend.agent?.id).toBe(windows.id);
      frontendPort = frontend.ports[0]!;
      const answer = await get(frontendPort);
      expect(answer.status).toBe(404);
      expect(answer.body).toContain('no backend (ECONNREFUSED)');
    },
    slow,
  );

  it(
    'answers "Hello, Corral!" from the Linux backend within 5 s of the backend\'s first healthy check',
    async () => {
      await create(exampleApp('backend', 'linux', servicePort));
      const backend = await healthyTask('/mixed-os/backend');
      const healthyAt = Date.now();
      expect(backend.agent?.id).toBe(cluster.agents[0]!.id);
      const answer = await eventually(
        "the frontend to show the backend's answer",
        async () => {
          const got = await get(frontendPort);
          return got.status === 200 ? got : undefined;
        },
        5000,
        50,
      );
      expect(Date.now() - healthyAt).toBeLessThan(5000);
      expect(answer.body).toMatch(
        new RegExp(`^Frontend on \\S+ \\(win32\\) asked the backend: Hello, Corral! \\(from ${backend.id.replace('.', '\\.')} on \\S+, linux\\)`),
      );
    },
    slow,
  );

  it(
    'runs the Java app (java Hello.java, cpus 0.5) on the Linux agent until it is healthy',
    async () => {
      await create(exampleApp('java-linux', 'linux', servicePort));
      const java = await healthyTask('/mixed-os/java-linux');
      expect(java.agent?.id).toBe(cluster.agents[0]!.id);
      expect((await get(java.ports[0]!)).body).toMatch(/^Hello from Java 17\S* on \S+ \(Linux\), \d+ processors, task mixed-os_java-linux\./);
    },
    slow,
  );

  it(
    'fails while the backend task is killed, until its replacement is healthy',
    async () => {
      const [killed] = (await tasksOf('/mixed-os/backend')).filter((task) => task.state === 'RUNNING');
      const { killTasks } = await cluster.client.request(KillTasksDocument, { ids: [killed!.id] });
      expect(killTasks.__typename).toBe('KillTasksSuccess');
      const failure = await eventually(
        'the frontend to fail',
        async () => {
          const got = await get(frontendPort);
          return got.status !== 200 ? got : undefined;
        },
        10_000,
        20,
      );
      expect(failure.status).toBe(404);
      const replacement = await healthyTask('/mixed-os/backend', killed!.id);
      const answer = await eventually(
        'the frontend to answer from the replacement',
        async () => {
          const got = await get(frontendPort);
          return got.status === 200 ? got : undefined;
        },
        5000,
        50,
      );
      expect(answer.body).toContain(`Hello, Corral! (from ${replacement.id} on`);
    },
    slow,
  );
});
