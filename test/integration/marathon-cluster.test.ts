import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAppDocument, UpdateAppDocument } from '../../src/client/index.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { rest } from '../helpers/marathon-http.ts';
import { pythonMarathon } from '../helpers/python-marathon.ts';
import { eventually } from '../helpers/subscription.ts';

const sleeper = (id: string, extra: Record<string, unknown> = {}) => ({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, ...extra });
// No agent is called "nowhere": the new version's tasks cannot be placed, so its deployment keeps running.
const unplaceable = [['hostname', 'LIKE', 'nowhere']];

describe.each(databaseKinds)("Marathon's /ping, /v2/info, /v2/leader and /v2/deployments on %s", (kind) => {
  let cluster: TestCluster;
  const call = (method: string, path: string, body?: unknown) => rest(cluster.gateway.url, method, path, body);
  const appState = async (id: string) => {
    const answer = await call('POST', '/graphql', { query: `{ app(id: "${id}") { version tasksRunning } }` });
    return answer.body.data.app as { version: number; tasksRunning: number } | null;
  };
  const deployments = async () => (await call('GET', '/v2/deployments')).body as Array<Record<string, any>>;

  beforeAll(async () => {
    cluster = await startCluster(kind);
  });
  afterAll(() => cluster?.stop());

  it('GET /ping answers "pong" as plain text, as python3-marathon reads it', async () => {
    const answer = await call('GET', '/ping');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.body).toBe('pong');
    expect(await pythonMarathon(cluster.gateway.url, 'client.ping()')).toBe('pong');
  });

  it('GET /v2/info describes the gateway in the keys python3-marathon parses', async () => {
    const host = new URL(cluster.gateway.url).host;
    const { status, body } = await call('GET', '/v2/info');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'corral',
      elected: true,
      leader: host,
      marathon_config: { framework_name: 'corral', local_port_min: cluster.servicePorts[0], local_port_max: cluster.servicePorts[1] },
    });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    const info = await pythonMarathon<Record<string, any>>(cluster.gateway.url, 'client.get_info()');
    expect(info).toMatchObject({ name: 'corral', leader: host, elected: true, httpConfig: { httpPort: Number(new URL(cluster.gateway.url).port) } });
  });

  it('GET /v2/leader names the gateway; DELETE steps down, and the control loop leads again', async () => {
    const host = new URL(cluster.gateway.url).host;
    expect(await call('GET', '/v2/leader')).toMatchObject({ status: 200, body: { leader: host } });
    expect(await pythonMarathon(cluster.gateway.url, 'client.get_leader()')).toEqual({ leader: host });

    expect(await call('DELETE', '/v2/leader')).toMatchObject({ status: 200, body: { message: 'Leadership abdicated' } });
    // Stepped down, it leads nothing more until another gateway could have taken the lease.
    expect(await call('DELETE', '/v2/leader')).toMatchObject({ status: 404, body: { message: expect.stringContaining('There is no leader') } });
    await cluster.client.request(CreateAppDocument, { input: sleeper('/after/abdication') });
    // No other gateway here: this one takes the lease again and places the app's task.
    await eventually('the app runs after the abdication', async () => (await appState('/after/abdication'))?.tasksRunning === 1, 20_000);
    expect(await call('DELETE', '/v2/leader?backup=file:///tmp/x')).toMatchObject({ status: 422 });
  });

  it('GET /v2/deployments shows a running deployment as Marathon does; DELETE rolls it back with a new deployment', async () => {
    await cluster.client.request(CreateAppDocument, { input: sleeper('/deploy/web') });
    await eventually('/deploy/web runs', async () => (await appState('/deploy/web'))?.tasksRunning === 1);
    await eventually('its deployment ends', async () => !(await deployments()).some((one) => one.affectedApps.includes('/deploy/web')));

    await cluster.client.request(UpdateAppDocument, { id: '/deploy/web', input: { constraints: unplaceable } });
    const [stuck] = (await deployments()).filter((one) => one.affectedApps.includes('/deploy/web'));
    expect(stuck).toEqual({
      id: expect.any(String),
      version: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      affectedApps: ['/deploy/web'],
      affectedPods: [],
      steps: [{ actions: [{ action: 'RestartApplication', app: '/deploy/web' }] }, { actions: [{ action: 'RestartApplication', app: '/deploy/web' }] }],
      currentActions: [{ action: 'RestartApplication', app: '/deploy/web', readinessCheckResults: [] }],
      currentStep: 1,
      totalSteps: 2,
    });
    const parsed = await pythonMarathon<Array<Record<string, any>>>(cluster.gateway.url, 'client.list_deployments()');
    expect(parsed.find((one) => one.id === stuck!.id)).toMatchObject({ affectedApps: ['/deploy/web'], totalSteps: 2, currentStep: 1 });

    const canceled = await call('DELETE', `/v2/deployments/${stuck!.id}`);
    expect(canceled).toMatchObject({ status: 200, body: { deploymentId: expect.any(String), version: expect.any(String) } });
    expect(canceled.body.deploymentId).not.toBe(stuck!.id);
    // The rollback is version 3, the definition of version 1: the task that runs carries on.
    expect(await appState('/deploy/web')).toEqual({ version: 3, tasksRunning: 1 });
    await eventually('the rollback ends', async () => !(await deployments()).some((one) => one.affectedApps.includes('/deploy/web')));
    expect(await call('DELETE', `/v2/deployments/${stuck!.id}`)).toEqual(
      expect.objectContaining({ status: 404, body: { message: `DeploymentPlan ${stuck!.id} does not exist` } }),
    );
  });

  it('DELETE /v2/deployments/{id}?force=true only stops it (202, no body): the app keeps its new version', async () => {
    await cluster.client.request(UpdateAppDocument, { id: '/deploy/web', input: { constraints: unplaceable } });
    const [stuck] = (await deployments()).filter((one) => one.affectedApps.includes('/deploy/web'));
    const answer = await call('DELETE', `/v2/deployments/${stuck!.id}?force=true`);
    expect(answer.status).toBe(202);
    expect(answer.body).toBeUndefined();
    expect((await deployments()).map((one) => one.id)).not.toContain(stuck!.id);
    expect((await appState('/deploy/web'))?.version).toBe(4);
  });

  it('canceling the deployment of a new app removes the app; an unknown deployment is 404', async () => {
    await cluster.client.request(CreateAppDocument, { input: sleeper('/deploy/never', { constraints: unplaceable }) });
    const [stuck] = (await deployments()).filter((one) => one.affectedApps.includes('/deploy/never'));
    expect(stuck).toMatchObject({ steps: [{ actions: [{ action: 'StartApplication', app: '/deploy/never' }] }], totalSteps: 1 });
    expect((await call('DELETE', `/v2/deployments/${stuck!.id}`)).status).toBe(200);
    expect(await appState('/deploy/never')).toBeNull();

    expect(await call('DELETE', '/v2/deployments/not-a-deployment')).toMatchObject({
      status: 404,
      body: { message: 'DeploymentPlan not-a-deployment does not exist' },
    });
    expect(await call('DELETE', '/v2/deployments/3f1d0d8e-0000-4000-8000-000000000000')).toMatchObject({ status: 404 });
  });

  it("a group's apps run in dependency order; embed=group.apps.tasks shows their tasks; DELETE stops them all", async () => {
    const created = await call('POST', '/v2/groups', {
      id: '/grp',
      apps: [sleeper('a')],
      groups: [{ id: 'b', apps: [sleeper('c', { dependencies: ['../a'] })] }],
    });
    expect(created.status).toBe(201);
    const path = '/v2/groups/grp?embed=group.groups&embed=group.apps&embed=group.apps.tasks';
    const tree = await eventually('both apps run', async () => {
      const { body } = await call('GET', path);
      return body.apps[0]?.tasks?.length === 1 && body.groups[0]?.apps[0]?.tasks?.length === 1 && body;
    });
    expect(tree.apps[0]).toMatchObject({ id: '/grp/a', tasksRunning: 1, tasks: [{ appId: '/grp/a', state: 'TASK_RUNNING' }] });
    expect(tree.groups[0].apps[0]).toMatchObject({ id: '/grp/b/c', dependencies: ['/grp/a'], tasks: [{ appId: '/grp/b/c' }] });
    // /grp/b/c waited for /grp/a: its task started after a's was running.
    expect(Date.parse(tree.groups[0].apps[0].tasks[0].stagedAt)).toBeGreaterThanOrEqual(Date.parse(tree.apps[0].tasks[0].startedAt));

    expect(await call('DELETE', '/v2/groups/grp')).toMatchObject({ status: 200, body: { deploymentId: expect.any(String) } });
    expect((await call('GET', '/v2/groups/grp')).status).toBe(404);
    await eventually('the deletions end once the tasks stopped', async () => !(await deployments()).some((one) => one.affectedApps[0].startsWith('/grp/')));
  });
});
