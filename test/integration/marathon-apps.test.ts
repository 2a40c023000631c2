import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { rest } from '../helpers/marathon-http.ts';
import { pythonMarathon } from '../helpers/python-marathon.ts';
import { eventually } from '../helpers/subscription.ts';

// Marathon's REST API v2 for apps, tasks and the launch queue, as a Marathon
// client sees it: a real gateway with a real agent, tasks as real processes.

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const sleeper = (id: string, extra: Record<string, unknown> = {}) => ({ id, cmd: 'sleep 600', cpus: 0.1, mem: 16, ...extra });
const unplaceable = [['hostname', 'LIKE', 'nowhere']];

describe.each(databaseKinds)("Marathon's /v2/apps, /v2/tasks and /v2/queue on %s", (kind) => {
  let cluster: TestCluster;
  const call = (method: string, path: string, body?: unknown) => rest(cluster.gateway.url, method, path, body);
  const app = async (id: string) => (await call('GET', `/v2/apps${id}`)).body.app as Record<string, any>;
  const running = (id: string, count: number) =>
    eventually(
      `${id} runs ${count} tasks`,
      async () => {
        const shown = await app(id);
        return shown?.tasksRunning === count && shown.tasks.length === count && shown.deployments.length === 0 ? shown : undefined;
      },
      20_000,
    );
  const graphqlApp = async (id: string) =>
    (await call('POST', '/graphql', { query: `{ app(id: "${id}") { version definition { instances } deployments { kind } } }` })).body.data.app;

  beforeAll(async () => {
    cluster = await startCluster(kind);
  });
  afterAll(() => cluster?.stop());

  it('POST /v2/apps creates the app: 201, Location, Marathon-Deployment-Id and the app JSON', async () => {
    const answer = await call('POST', '/v2/apps', sleeper('/rest/web', { instances: 2, labels: { tier: 'web' }, executor: '', tasksRunning: 7, fooBar: 1 }));
    expect(answer.status).toBe(201);
    // An unknown field is ignored with a warning (a header: the body keeps to Marathon's keys).
    expect(answer.headers.get('warning')).toMatch(/^299 corral ".*fooBar.*ignored"$/);
    expect(answer.body).not.toHaveProperty('fooBar');
    expect(answer.headers.get('location')).toBe('/v2/apps/rest/web');
    const deploymentId = answer.headers.get('marathon-deployment-id');
    expect(answer.body).toMatchObject({
      id: '/rest/web',
      cmd: 'sleep 600',
      instances: 2,
      labels: { tier: 'web' },
      version: expect.stringMatching(ISO),
      versionInfo: { lastScalingAt: answer.body.version, lastConfigChangeAt: answer.body.version },
      tasksStaged: 0,
      tasksRunning: 0,
      tasksHealthy: 0,
      tasksUnhealthy: 0,
      deployments: [{ id: deploymentId }],
    });
    // Marathon's read-only fields are ignored, not stored.
    expect(answer.body.tasksRunning).toBe(0);

    const shown = await running('/rest/web', 2);
    expect(shown.version).toBe(answer.body.version);
    expect(shown.tasks[0]).toMatchObject({
      appId: '/rest/web',
      state: 'TASK_RUNNING',
      version: answer.body.version,
      stagedAt: expect.stringMatching(ISO),
      startedAt: expect.stringMatching(ISO),
      ports: [expect.any(Number)],
      healthCheckResults: [],
    });
  });

  it('python3-marathon reads the app, the list with tasks, and the tasks', async () => {
    const parsed = await pythonMarathon<Record<string, any>>(cluster.gateway.url, "client.get_app('/rest/web')");
    expect(parsed).toMatchObject({ id: '/rest/web', instances: 2, tasksRunning: 2 });
    const listed = await pythonMarathon<Array<Record<string, any>>>(
      cluster.gateway.url,
      'client.list_apps(embed_tasks=True, embed_counts=True, embed_last_task_failure=True, embed_task_stats=True, embed_readiness=True)',
    );
    expect(listed.find((one) => one.id === '/rest/web')?.tasks).toHaveLength(2);
    const tasks = await pythonMarathon<Array<Record<string, any>>>(cluster.gateway.url, "client.list_tasks('/rest/web')");
    expect(tasks.map((task) => task.state)).toEqual(['TASK_RUNNING', 'TASK_RUNNING']);
  });

  it('python3-marathon creates, restarts, kills a task of and deletes an app', async () => {
    const created = await pythonMarathon<Record<string, any>>(
      cluster.gateway.url,
      "client.create_app('/rest/py', __import__('marathon').MarathonApp(cmd='sleep 600', cpus=0.1, mem=16, instances=1))",
    );
    expect(created).toMatchObject({ id: '/rest/py', instances: 1, version: expect.stringMatching(ISO), deployments: [{ id: expect.any(String) }] });
    const shown = await running('/rest/py', 1);
    expect(await pythonMarathon(cluster.gateway.url, "client.restart_app('/rest/py', force=True)")).toEqual({
      version: expect.stringMatching(ISO),
      deploymentId: expect.any(String),
    });
    const replaced = await eventually(
      'the restart replaces the task',
      async () => {
        const now = await app('/rest/py');
        return now.tasksRunning === 1 && now.tasks.length === 1 && now.tasks[0].id !== shown.tasks[0].id ? now : undefined;
      },
      20_000,
    );
    const killed = await pythonMarathon<Record<string, any>>(cluster.gateway.url, `client.kill_task('/rest/py', '${replaced.tasks[0].id}')`);
    expect(killed).toMatchObject({ id: replaced.tasks[0].id, state: 'TASK_KILLING' });
    const version = (await pythonMarathon<string[]>(cluster.gateway.url, "client.list_versions('/rest/py')")).at(-1);
    expect(await pythonMarathon(cluster.gateway.url, `client.get_version('/rest/py', '${version}')`)).toMatchObject({
      id: '/rest/py',
      cmd: 'sleep 600',
      version,
    });
    expect(await pythonMarathon(cluster.gateway.url, "client.delete_app('/rest/py', force=True)")).toEqual({
      version: expect.stringMatching(ISO),
      deploymentId: expect.any(String),
    });
    expect((await call('GET', '/v2/apps/rest/py')).status).toBe(404);
  });

  it("an unknown app is 404 with Marathon's message; an app taken is 409", async () => {
    expect(await call('GET', '/v2/apps/x')).toMatchObject({ status: 404, body: { message: "App '/x' does not exist" } });
    expect(await call('PATCH', '/v2/apps/x', { instances: 1 })).toMatchObject({ status: 404, body: { message: "App '/x' does not exist" } });
    expect(await call('DELETE', '/v2/apps/x')).toMatchObject({ status: 404, body: { message: "App '/x' does not exist" } });
    expect(await call('GET', '/v2/apps/x/versions')).toMatchObject({ status: 404, body: { message: "App '/x' does not exist" } });
    expect(await call('GET', '/v2/apps/x/tasks')).toMatchObject({ status: 404, body: { message: "App '/x' does not exist" } });
    expect(await call('POST', '/v2/apps', sleeper('/rest/web'))).toMatchObject({
      status: 409,
      body: { message: 'An app with id [/rest/web] already exists.' },
    });
  });

  it('malformed JSON is 400, an invalid app 422 with the JSON path, and a refused app writes nothing', async () => {
    const malformed = await call('POST', '/v2/apps', '{"id": "/rest/broken", ');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ message: 'Invalid JSON', details: [{ path: '/', errors: [expect.any(String)] }] });

    const invalid = await call('POST', '/v2/apps', sleeper('/rest/refused', { cpus: -1, healthChecks: [{ protocol: 'HTTP', portIndex: 5 }] }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toBe('Object is not valid');
    expect(invalid.body.details.map((detail: { path: string }) => detail.path)).toContain('/cpus');
    expect(await call('GET', '/v2/apps/rest/refused')).toMatchObject({ status: 404 });
    expect((await call('GET', '/v2/apps?id=refused')).body).toEqual({ apps: [] });

    // An array of many: one refused definition changes none.
    const many = await call('PUT', '/v2/apps', [sleeper('/rest/many-a'), sleeper('/rest/many-b', { mem: -5 })]);
    expect(many.status).toBe(422);
    expect(many.body.details).toEqual([{ path: '/1/mem', errors: [expect.any(String)] }]);
    expect((await call('GET', '/v2/apps?id=many')).body).toEqual({ apps: [] });
  });

  it('GET /v2/apps filters by id, cmd and label selectors', async () => {
    await call('POST', '/v2/apps', sleeper('/rest/db', { cmd: 'sleep 601', labels: { tier: 'db', backup: 'yes' } }));
    const ids = async (query: string) => ((await call('GET', `/v2/apps?${query}`)).body.apps as { id: string }[]).map((one) => one.id);
    expect(await ids('id=REST/')).toEqual(['/rest/db', '/rest/web']);
    expect(await ids('cmd=601')).toEqual(['/rest/db']);
    expect(await ids('label=tier==web')).toEqual(['/rest/web']);
    expect(await ids('label=tier!=web')).toEqual(['/rest/db']);
    expect(await ids(`label=${encodeURIComponent('tier in (db, cache),backup')}`)).toEqual(['/rest/db']);
    expect(await ids(`label=${encodeURIComponent('tier notin (db)')}`)).toEqual(['/rest/web']);
    expect(await ids('label=backup')).toEqual(['/rest/db']);
    expect((await call('GET', '/v2/apps?label=a%20b')).status).toBe(400);
    // A group's apps: /v2/apps/rest/*
    expect(Object.keys((await call('GET', '/v2/apps/rest/*')).body)).toEqual(['*']);
  });

  it('PUT {instances} scales: a SCALE deployment, running tasks stay, lastConfigChangeAt stays', async () => {
    const before = await app('/rest/web');
    const answer = await call('PUT', '/v2/apps/rest/web', { instances: 3 });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: expect.stringMatching(ISO), deploymentId: answer.headers.get('marathon-deployment-id') });
    expect((await graphqlApp('/rest/web')).deployments).toEqual([{ kind: 'SCALE' }]);
    const after = await running('/rest/web', 3);
    expect(after.version).toBe(answer.body.version);
    expect(after.versionInfo).toEqual({ lastScalingAt: answer.body.version, lastConfigChangeAt: before.versionInfo.lastConfigChangeAt });
    const ids = after.tasks.map((task: { id: string }) => task.id);
    for (const task of before.tasks) expect(ids).toContain(task.id);

    // python3-marathon's scale_app is a PUT of {instances} too.
    const scaled = await pythonMarathon<Record<string, string>>(cluster.gateway.url, "client.scale_app('/rest/web', instances=2, force=True)");
    expect(scaled).toEqual({ version: expect.stringMatching(ISO), deploymentId: expect.any(String) });
    await running('/rest/web', 2);
  });

  it('PUT merges a change (partialUpdate), PATCH merges, ?partialUpdate=false replaces the whole definition', async () => {
    const before = await app('/rest/db');
    const changed = await call('PUT', '/v2/apps/rest/db', { env: { MODE: 'primary' } });
    expect(changed.status).toBe(200);
    let shown = await app('/rest/db');
    expect(shown).toMatchObject({
      env: { MODE: 'primary' },
      labels: { tier: 'db', backup: 'yes' },
      cmd: 'sleep 601',
      versionInfo: { lastConfigChangeAt: changed.body.version },
    });
    expect(shown.version).not.toBe(before.version);

    expect((await call('PATCH', '/v2/apps/rest/db', { labels: { tier: 'db' } })).status).toBe(200);
    expect((await app('/rest/db')).labels).toEqual({ tier: 'db' });

    const replaced = await call('PUT', '/v2/apps/rest/db?partialUpdate=false', { cmd: 'sleep 602', cpus: 0.1, mem: 16 });
    expect(replaced.status).toBe(200);
    shown = await app('/rest/db');
    expect(shown).toMatchObject({ id: '/rest/db', cmd: 'sleep 602', env: {}, labels: {} });
  });

  it('PUT of an unknown app creates it (201); an app read back from GET is accepted as it is', async () => {
    const created = await call('PUT', '/v2/apps/rest/by-put', sleeper('/ignored'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/v2/apps/rest/by-put');
    expect(created.body).toEqual({ version: expect.stringMatching(ISO), deploymentId: created.headers.get('marathon-deployment-id') });
    await running('/rest/by-put', 1);

    // Everything Marathon shows goes back unchanged: no new version, the tasks stay.
    const shown = await app('/rest/by-put');
    const { version: _version, ...definition } = shown;
    const again = await call('PUT', '/v2/apps/rest/by-put', definition);
    expect(again.status).toBe(200);
    expect((await app('/rest/by-put')).version).toBe(shown.version);
  });

  it('PUT and PATCH of many: PUT creates and changes, PATCH refuses an unknown app', async () => {
    const answer = await call('PUT', '/v2/apps', [sleeper('/rest/many-a'), { id: '/rest/by-put', instances: 2 }]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: expect.stringMatching(ISO), deploymentId: answer.headers.get('marathon-deployment-id') });
    await running('/rest/many-a', 1);
    await running('/rest/by-put', 2);
    expect(
      await call('PATCH', '/v2/apps', [
        { id: '/rest/many-a', instances: 0 },
        { id: '/rest/nope', instances: 1 },
      ]),
    ).toMatchObject({ status: 404, body: { message: "App '/rest/nope' does not exist" } });
    expect((await app('/rest/many-a')).instances).toBe(1);
    expect((await call('PATCH', '/v2/apps', [{ id: '/rest/many-a', instances: 0 }])).status).toBe(200);
    expect((await app('/rest/many-a')).instances).toBe(0);
    expect(await call('PATCH', '/v2/apps', [{ instances: 1 }])).toMatchObject({ status: 422, body: { details: [{ path: '/0/id' }] } });
  });

  it('versions are Marathon timestamps: listed, shown, and PUT {version} rolls back', async () => {
    const { body } = await call('GET', '/v2/apps/rest/db/versions');
    expect(body.versions).toHaveLength(4);
    for (const version of body.versions) expect(version).toMatch(ISO);
    const first = body.versions.at(-1);
    const old = await call('GET', `/v2/apps/rest/db/versions/${first}`);
    expect(old).toMatchObject({ status: 200, body: { id: '/rest/db', cmd: 'sleep 601', version: first, labels: { tier: 'db', backup: 'yes' } } });
    // Corral's own version numbers are taken too.
    expect((await call('GET', '/v2/apps/rest/db/versions/1')).body.version).toBe(first);
    expect((await call('GET', '/v2/apps/rest/db/versions/2020-01-01T00:00:00.000Z')).status).toBe(404);
    expect(await call('PUT', '/v2/apps/rest/db', { version: first, cmd: 'x' })).toMatchObject({ status: 422, body: { details: [{ path: '/version' }] } });

    const rolled = await pythonMarathon<Record<string, string>>(cluster.gateway.url, `client.rollback_app('/rest/db', '${first}')`);
    expect(rolled).toEqual({ version: expect.stringMatching(ISO), deploymentId: expect.any(String) });
    expect(await app('/rest/db')).toMatchObject({ cmd: 'sleep 601', version: rolled.version });
    expect((await graphqlApp('/rest/db')).version).toBe(5);
    expect(await pythonMarathon<string[]>(cluster.gateway.url, "client.list_versions('/rest/db')")).toHaveLength(5);
  });

  it('POST /restart replaces every task; DELETE removes the app', async () => {
    const before = await running('/rest/by-put', 2);
    const answer = await call('POST', '/v2/apps/rest/by-put/restart');
    expect(answer).toMatchObject({ status: 200, body: { version: expect.stringMatching(ISO), deploymentId: expect.any(String) } });
    await eventually(
      'new tasks replace the old',
      async () => {
        const shown = await app('/rest/by-put');
        return (
          shown.tasksRunning === 2 &&
          shown.tasks.length === 2 &&
          shown.tasks.every((task: { id: string }) => !before.tasks.some((old: { id: string }) => old.id === task.id))
        );
      },
      30_000,
    );
    expect((await app('/rest/by-put')).versionInfo.lastConfigChangeAt).toBe(answer.body.version);

    const deleted = await call('DELETE', '/v2/apps/rest/by-put?force=true');
    expect(deleted).toMatchObject({ status: 200, body: { version: expect.stringMatching(ISO), deploymentId: deleted.headers.get('marathon-deployment-id') } });
    expect((await call('GET', '/v2/apps/rest/by-put')).status).toBe(404);
  });

  it('tasks: listed by app and by status, killed one by one, by host and by ids, with scale', async () => {
    const web = await running('/rest/web', 2);
    expect((await call('GET', '/v2/apps/rest/web/tasks')).body.tasks.map((task: { id: string }) => task.id).sort()).toEqual(
      web.tasks.map((task: { id: string }) => task.id).sort(),
    );
    const all = (await call('GET', '/v2/tasks?status=running')).body.tasks as { id: string; appId: string; state: string }[];
    expect(all.filter((task) => task.appId === '/rest/web')).toHaveLength(2);
    expect(all.every((task) => task.state === 'TASK_RUNNING')).toBe(true);
    expect((await call('GET', '/v2/tasks?status=staging')).body.tasks.filter((task: { appId: string }) => task.appId === '/rest/web')).toEqual([]);

    // Killed without scale: replaced.
    const [first] = web.tasks;
    const killed = await call('DELETE', `/v2/apps/rest/web/tasks/${first.id}`);
    expect(killed).toMatchObject({ status: 200, body: { task: { id: first.id, appId: '/rest/web', state: 'TASK_KILLING' } } });
    await eventually(
      'a replacement runs',
      async () => {
        const shown = await app('/rest/web');
        return shown.tasksRunning === 2 && !shown.tasks.some((task: { id: string }) => task.id === first.id);
      },
      20_000,
    );
    expect(await call('DELETE', '/v2/apps/rest/web/tasks/not-a-task')).toMatchObject({ status: 404, body: { message: "Task 'not-a-task' does not exist" } });
    expect((await call('DELETE', '/v2/apps/rest/web/tasks?scale=true&wipe=true')).status).toBe(400);

    // With scale: a deployment, and one instance less.
    const [one] = (await app('/rest/web')).tasks;
    const scaled = await call('POST', '/v2/tasks/delete?scale=true', { ids: [one.id] });
    expect(scaled).toMatchObject({ status: 200, body: { version: expect.stringMatching(ISO), deploymentId: scaled.headers.get('marathon-deployment-id') } });
    expect((await app('/rest/web')).instances).toBe(1);
    expect(await call('POST', '/v2/tasks/delete', { ids: ['nope'] })).toMatchObject({ status: 400, body: { message: expect.stringContaining('nope') } });

    // By host, through python3-marathon: every task of the app on that agent, and the app scaled to 0.
    await running('/rest/web', 1);
    const host = (await app('/rest/web')).tasks[0].host;
    const result = await pythonMarathon<Record<string, string>>(cluster.gateway.url, `client.kill_tasks('/rest/web', scale=True, host='${host}')`);
    expect(result).toEqual({ version: expect.stringMatching(ISO), deploymentId: expect.any(String) });
    expect((await app('/rest/web')).instances).toBe(0);
  });

  it('GET /v2/queue lists apps whose tasks wait; DELETE /v2/queue/{id}/delay resets a crash-loop delay', async () => {
    await call('POST', '/v2/apps', sleeper('/rest/waits', { constraints: unplaceable, instances: 2 }));
    const item = await eventually('/rest/waits in the queue', async () =>
      ((await call('GET', '/v2/queue')).body.queue as Record<string, any>[]).find((one) => one.app.id === '/rest/waits'),
    );
    expect(item).toMatchObject({
      count: 2,
      delay: { timeLeftSeconds: 0, overdue: true },
      since: expect.stringMatching(ISO),
      app: { id: '/rest/waits', instances: 2 },
    });
    const parsed = await pythonMarathon<Record<string, any>[]>(cluster.gateway.url, 'client.list_queue()');
    expect(parsed.find((one) => one.app.id === '/rest/waits')).toMatchObject({ count: 2 });

    await call('POST', '/v2/apps', { id: '/rest/crashes', cmd: 'exit 1', cpus: 0.1, mem: 16, backoffSeconds: 600 });
    const delayed = await eventually(
      '/rest/crashes delayed',
      async () =>
        ((await call('GET', '/v2/queue')).body.queue as Record<string, any>[]).find((one) => one.app.id === '/rest/crashes' && one.delay.timeLeftSeconds > 0),
      20_000,
    );
    expect(delayed.delay.overdue).toBe(false);
    const failure = async () =>
      (await call('GET', '/v2/apps?embed=apps.lastTaskFailure&id=/rest/crashes')).body.apps[0].lastTaskFailure as Record<string, any> | undefined;
    const failed = await eventually('the failure recorded', failure);
    expect(failed).toEqual({
      appId: '/rest/crashes',
      host: expect.any(String),
      message: expect.any(String),
      state: 'TASK_FAILED',
      taskId: expect.any(String),
      timestamp: expect.stringMatching(ISO),
      version: delayed.app.version,
      slaveId: expect.any(String),
    });
    expect(await call('DELETE', '/v2/queue/rest/crashes/delay')).toMatchObject({ status: 204 });
    // Without its 600 s delay, the app launches again at once (and fails again).
    await eventually('a new launch', async () => (await failure())?.taskId !== failed.taskId, 20_000);
    expect(await call('DELETE', '/v2/queue/rest/db/delay')).toMatchObject({ status: 404, body: { message: 'Application /rest/db not found in tasks queue.' } });
    await call('DELETE', '/v2/apps/rest/crashes');
  });

  it("a scaled app's embed=apps.taskStats, apps.lastTaskFailure and apps.readiness are Marathon's shapes", async () => {
    const { body } = await call('GET', '/v2/apps?embed=apps.taskStats&embed=apps.lastTaskFailure&embed=apps.readiness&id=/rest/db');
    const [db] = body.apps;
    expect(db.taskStats.totalSummary.stats.counts).toEqual({ staged: expect.any(Number), running: expect.any(Number), healthy: 0, unhealthy: 0 });
    expect(db.readinessCheckResults).toEqual([]);
    expect(db).not.toHaveProperty('lastTaskFailure');
  });
});
