import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppTasksDocument,
  CancelDeploymentDocument,
  CreateAppDocument,
  DeleteAppDocument,
  DeploymentDocument,
  DeploymentProgressDocument,
  DeploymentsDocument,
  KillTasksDocument,
  RollbackAppDocument,
  ScaleAppDocument,
  UpdateAppDocument,
  type DeploymentFieldsFragment,
} from '../../src/client/index.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startCluster, type TestCluster } from '../helpers/cluster.ts';
import { eventually, take } from '../helpers/subscription.ts';
import { success } from '../helpers/mutation-results.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
const httpApp = (id: string, extra: Record<string, unknown> = {}) => ({ id, args: [process.execPath, server], cpus: 0.1, mem: 32, ...extra });

describe.each(databaseKinds)('deployments on %s', (kind) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster(kind, [{}, {}]);
  });
  afterAll(() => cluster?.stop());

  const appTasks = async (id: string) => (await cluster.client.request(AppTasksDocument, { id })).app!;
  const stepsOf = async (deployment: { id: string }) => (await cluster.client.request(DeploymentDocument, { id: deployment.id })).deployment!.steps.nodes;
  const untilEnded = async (deployment: DeploymentFieldsFragment) => {
    const progress = cluster.client.subscribe(DeploymentProgressDocument, { id: deployment.id });
    const seen = (await take(progress, 50, 20_000)).map((item) => item.deploymentProgress!);
    // Should it not end, what it waits on is in the failure's message.
    const waitingOn = seen.at(-1)?.status === 'RUNNING' ? JSON.stringify({ steps: await stepsOf(deployment), app: await appTasks(deployment.appId) }) : '';
    expect(seen.at(-1)?.status, `deployment ${deployment.id} ended ${waitingOn}`).not.toBe('RUNNING');
    return seen;
  };

  it('createApp returns its deployment, whose progress ends when every instance runs', async () => {
    const created = success((await cluster.client.request(CreateAppDocument, { input: httpApp('/roll/web', { instances: 2 }) })).createApp);
    expect(created.deployment).toMatchObject({ kind: 'CREATE', status: 'RUNNING', fromVersion: null, toVersion: 1, totalSteps: 1 });
    expect(created.deployment!.currentStep).toMatchObject({ action: 'START_TASKS', target: 2, description: '2 tasks of version 1 ready' });
    expect(await stepsOf(created.deployment!)).toEqual([
      expect.objectContaining({ action: 'START_TASKS', target: 2, description: '2 tasks of version 1 ready' }),
    ]);

    const seen = await untilEnded(created.deployment!);
    expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', stepsDone: 1, currentStep: null });
    expect(await stepsOf(created.deployment!)).toMatchObject([{ status: 'DONE' }]);
    expect(seen.at(-1)!.finishedAt).not.toBeNull();
    expect(await appTasks('/roll/web')).toMatchObject({ status: 'RUNNING', tasksRunning: 2, deployments: [] });
  });

  it('updateApp rolls the tasks over within upgradeStrategy, one at a time, never below the healthy minimum', async () => {
    const before = (await appTasks('/roll/web')).tasks.nodes.map((task) => task.id);
    const changed = success(
      (
        await cluster.client.request(UpdateAppDocument, {
          id: '/roll/web',
          input: { env: { COLOR: 'blue' }, upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 } },
        })
      ).updateApp,
    );
    expect(changed.deployment).toMatchObject({ kind: 'UPDATE', fromVersion: 1, toVersion: 2 });
    expect((await stepsOf(changed.deployment!)).map((step) => `${step.action} ${step.target}`)).toEqual([
      'START_TASKS 1',
      'STOP_OLD_TASKS 1',
      'START_TASKS 2',
      'STOP_OLD_TASKS 0',
    ]);

    // Watch the tasks while it deploys: at least 1 running (50% of 2), never more than 2 holding a place.
    const snapshots: { running: number; placed: number }[] = [];
    const watching = (async () => {
      for (;;) {
        const app = await appTasks('/roll/web');
        snapshots.push({
          running: app.tasks.nodes.filter((task) => task.state === 'RUNNING').length,
          placed: app.tasks.nodes.filter((task) => task.state !== 'KILLING').length,
        });
        if (app.deployments.length === 0) return;
      }
    })();
    const seen = await untilEnded(changed.deployment!);
    await watching;
    expect(seen.at(-1)).toMatchObject({ status: 'SUCCEEDED', stepsDone: 4 });
    expect(Math.min(...snapshots.map((snapshot) => snapshot.running))).toBeGreaterThanOrEqual(1);
    expect(Math.max(...snapshots.map((snapshot) => snapshot.placed))).toBeLessThanOrEqual(2);
    const after = await appTasks('/roll/web');
    expect(after.tasks.nodes.map((task) => task.appVersion)).toEqual([2, 2]);
    expect(after.tasks.nodes.some((task) => before.includes(task.id))).toBe(false);
  });

  it('a newer change supersedes a deployment under way', async () => {
    // Nothing fits 100 GB: this deployment cannot finish, and the old tasks keep serving (minimumHealthCapacity 1).
    const stuck = success(
      (
        await cluster.client.request(UpdateAppDocument, {
          id: '/roll/web',
          input: { mem: 100_000, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 } },
        })
      ).updateApp,
    ).deployment!;
    await eventually('the app to wait for room', async () => (await appTasks('/roll/web')).status === 'WAITING');
    const newer = success((await cluster.client.request(UpdateAppDocument, { id: '/roll/web', input: { mem: 32 } })).updateApp).deployment!;
    const { deployments } = await cluster.client.request(DeploymentsDocument, { appId: '/roll/web', first: 2 });
    expect(deployments.edges.map((edge) => [edge.node.id, edge.node.status])).toEqual([
      [newer.id, 'RUNNING'],
      [stuck.id, 'SUPERSEDED'],
    ]);
    expect((await stepsOf(stuck)).map((step) => step.status)).toContain('CANCELED');
    expect((await untilEnded(newer)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('canceling a deployment rolls the app back to where it came from, keeping the tasks that ran on', async () => {
    const running = (await appTasks('/roll/web')).tasks.nodes.map((task) => task.id).sort();
    const stuck = success((await cluster.client.request(UpdateAppDocument, { id: '/roll/web', input: { mem: 100_000 } })).updateApp).deployment!;
    const canceled = success((await cluster.client.request(CancelDeploymentDocument, { id: stuck.id })).cancelDeployment);
    expect(canceled.canceled).toMatchObject({ status: 'CANCELED' });
    expect(canceled.rollback).toMatchObject({ kind: 'ROLLBACK', fromVersion: stuck.toVersion, toVersion: stuck.toVersion + 1 });
    expect((await untilEnded(canceled.rollback!)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    const app = await appTasks('/roll/web');
    // The definition before the change is back, and the tasks that ran it never stopped.
    expect(app).toMatchObject({ status: 'RUNNING', version: stuck.toVersion + 1 });
    expect(app.tasks.nodes.map((task) => task.id).sort()).toEqual(running);

    const again = await cluster.client.request(CancelDeploymentDocument, { id: stuck.id });
    expect(again.cancelDeployment).toMatchObject({ __typename: 'DeploymentNotRunningError', message: expect.stringContaining('is canceled, not running') });
    const unknown = await cluster.client.request(CancelDeploymentDocument, { id: 'no-such-deployment' });
    expect(unknown.cancelDeployment).toMatchObject({ __typename: 'DeploymentNotFoundError' });
  });

  it('a forced cancel reverts nothing', async () => {
    const stuck = success((await cluster.client.request(UpdateAppDocument, { id: '/roll/web', input: { mem: 100_000 } })).updateApp).deployment!;
    const canceled = success((await cluster.client.request(CancelDeploymentDocument, { id: stuck.id, force: true })).cancelDeployment);
    expect(canceled).toMatchObject({ canceled: { status: 'CANCELED' }, rollback: null });
    const app = await eventually('the app to wait for room', async () => {
      const found = await appTasks('/roll/web');
      return found.status === 'WAITING' ? found : undefined;
    });
    expect(app).toMatchObject({ version: stuck.toVersion, deployments: [], tasksRunning: 2 });
  });

  it('rollbackApp deploys an earlier definition as the next version; an unknown version is refused', async () => {
    const { version } = await appTasks('/roll/web');
    const rolled = success((await cluster.client.request(RollbackAppDocument, { id: '/roll/web', version: 2 })).rollbackApp);
    expect(rolled).toMatchObject({ app: { version: version + 1 }, deployment: { kind: 'ROLLBACK', fromVersion: version, toVersion: version + 1 } });
    expect((await untilEnded(rolled.deployment!)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    expect(await appTasks('/roll/web')).toMatchObject({ status: 'RUNNING', tasksRunning: 2 });

    const refused = await cluster.client.request(RollbackAppDocument, { id: '/roll/web', version: 99 });
    expect(refused.rollbackApp).toMatchObject({ __typename: 'AppVersionNotFoundError', message: 'app /roll/web has no version 99' });
  });

  it('killTasks replaces the tasks, or with scale lowers the instances; an unknown task refuses it all', async () => {
    const [first, second] = (await appTasks('/roll/web')).tasks.nodes;
    const refused = await cluster.client.request(KillTasksDocument, { ids: [first!.id, 'web.nope'] });
    expect(refused.killTasks).toMatchObject({ __typename: 'TasksNotFoundError', taskIds: ['web.nope'] });
    expect((await appTasks('/roll/web')).tasks.nodes.map((task) => task.state)).toEqual(['RUNNING', 'RUNNING']);

    const killed = success((await cluster.client.request(KillTasksDocument, { ids: [first!.id] })).killTasks);
    expect(killed).toMatchObject({ tasks: [{ id: first!.id, state: 'KILLING' }], deployments: [] });
    await eventually('a replacement', async () => {
      const app = await appTasks('/roll/web');
      return app.tasksRunning === 2 && !app.tasks.nodes.some((task) => task.id === first!.id);
    });

    const scaled = success((await cluster.client.request(KillTasksDocument, { ids: [second!.id], scale: true })).killTasks);
    expect(scaled.deployments).toEqual([expect.objectContaining({ kind: 'SCALE', totalSteps: 1 })]);
    expect(await stepsOf(scaled.deployments[0]!)).toEqual([expect.objectContaining({ action: 'STOP_TASKS', target: 1 })]);
    await untilEnded(scaled.deployments[0]!);
    const app = await appTasks('/roll/web');
    expect(app).toMatchObject({ definition: { instances: 1 }, tasksRunning: 1, status: 'RUNNING' });
    expect(app.tasks.nodes.map((task) => task.id)).not.toContain(second!.id);
  });

  it('scaling to 0 suspends the app', async () => {
    const suspended = success((await cluster.client.request(ScaleAppDocument, { id: '/roll/web', instances: 0 })).scaleApp);
    expect(suspended.deployment).toMatchObject({ kind: 'SCALE', totalSteps: 1 });
    expect(await stepsOf(suspended.deployment!)).toMatchObject([{ action: 'STOP_TASKS', target: 0 }]);
    await untilEnded(suspended.deployment!);
    expect(await appTasks('/roll/web')).toMatchObject({ status: 'SUSPENDED', tasks: { totalCount: 0, nodes: [] } });
  });

  it('an app waits for the apps it depends on to run before it starts, named relative to its group', async () => {
    // As in Marathon, a dependency may name an app not created yet (here a sibling, "db"), and a group.
    const early = success(
      (await cluster.client.request(CreateAppDocument, { input: httpApp('/prod/early', { instances: 0, dependencies: ['db', '../shared'] }) })).createApp,
    );
    expect(early.app.definition.dependencies).toEqual(['/prod/db', '/shared']);
    success((await cluster.client.request(CreateAppDocument, { input: httpApp('/prod/db') })).createApp);
    const web = success((await cluster.client.request(CreateAppDocument, { input: httpApp('/prod/web', { dependencies: ['db'] }) })).createApp);
    await untilEnded(web.deployment!);
    const [dbTask] = (await appTasks('/prod/db')).tasks.nodes;
    const [webTask] = (await appTasks('/prod/web')).tasks.nodes;
    expect(new Date(webTask!.stagedAt).getTime()).toBeGreaterThanOrEqual(new Date(dbTask!.startedAt!).getTime());
  });

  it('a rolling update waits for each new task to be ready before it stops an old one', async () => {
    const id = '/ready/web';
    const sandboxOf = (task: { id: string; agent?: { id: string } | null }) => {
      const agent = cluster.agents.find((candidate) => candidate.id === task.agent?.id)!;
      return join(cluster.workDirOf(agent), 'sandboxes', 'ready_web', task.id);
    };
    const readiness = { readinessChecks: [{ portName: 'http', path: '/ready', intervalSeconds: 0.2, timeoutSeconds: 1 }], portDefinitions: [{ name: 'http' }] };
    const created = success((await cluster.client.request(CreateAppDocument, { input: httpApp(id, readiness) })).createApp).deployment!;
    const [first] = await eventually('a running task', async () => {
      const tasks = (await appTasks(id)).tasks.nodes;
      return tasks[0]?.state === 'RUNNING' ? tasks : undefined;
    });
    writeFileSync(join(sandboxOf(first!), 'ready'), '');
    expect((await untilEnded(created)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });

    const update = success((await cluster.client.request(UpdateAppDocument, { id, input: { env: { COLOR: 'green' } } })).updateApp).deployment!;
    const [, second] = await eventually('the new task running beside the old one', async () => {
      const tasks = (await appTasks(id)).tasks.nodes;
      return tasks.length === 2 && tasks[1]!.state === 'RUNNING' ? tasks : undefined;
    });
    // Not ready yet: the old task keeps serving and the deployment waits at its first step.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const waiting = await appTasks(id);
    expect(waiting.tasks.nodes.map((task) => [task.id, task.state, task.ready])).toEqual([
      [first!.id, 'RUNNING', true],
      [second!.id, 'RUNNING', false],
    ]);
    expect(waiting.deployments[0]).toMatchObject({ id: update.id, stepsDone: 0, currentStep: { action: 'START_TASKS', status: 'RUNNING' } });
    expect(await stepsOf(update)).toMatchObject([{ action: 'START_TASKS', status: 'RUNNING' }, { status: 'PENDING' }]);

    writeFileSync(join(sandboxOf(second!), 'ready'), '');
    expect((await untilEnded(update)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    expect((await appTasks(id)).tasks.nodes.map((task) => task.id)).toEqual([second!.id]);
  });

  it('deleting an app is a deployment too: the app is gone at once, its ports stay taken until its tasks have stopped', async () => {
    const created = success(
      (
        await cluster.client.request(CreateAppDocument, {
          input: httpApp('/gone/web', {
            taskKillGracePeriodSeconds: 2,
            cmd: undefined,
            args: ['sh', '-c', `trap 'sleep 1.5; exit 0' TERM; exec ${process.execPath} ${server} & wait`],
          }),
        })
      ).createApp,
    );
    await untilEnded(created.deployment!);
    const [task] = (await appTasks('/gone/web')).tasks.nodes;
    const removed = await cluster.client.request(DeleteAppDocument, { id: '/gone/web' });
    if (removed.deleteApp.__typename !== 'DeleteAppSuccess') throw new Error(JSON.stringify(removed));
    expect(removed.deleteApp.data.deployment).toMatchObject({ kind: 'DELETE', totalSteps: 1 });
    expect(await stepsOf(removed.deleteApp.data.deployment!)).toMatchObject([{ action: 'STOP_TASKS', target: 0 }]);
    expect((await cluster.client.request(AppTasksDocument, { id: '/gone/web' })).app).toBeNull();
    // The same id cannot come back while the old tasks stop; once they have, it can.
    const early = await cluster.client.request(CreateAppDocument, { input: httpApp('/gone/web') });
    expect(early.createApp).toMatchObject({ __typename: 'AppStillStoppingError' });
    expect((await untilEnded(removed.deleteApp.data.deployment!)).at(-1)).toMatchObject({ status: 'SUCCEEDED' });
    const again = await eventually('the id to be free again', async () => {
      const answer = await cluster.client.request(CreateAppDocument, { input: httpApp('/gone/web') });
      return answer.createApp.__typename === 'CreateAppSuccess' ? answer.createApp : undefined;
    });
    expect(again.data.app.version).toBe(1);
    const [replacement] = await eventually('the new task to run', async () => {
      const tasks = (await appTasks('/gone/web')).tasks.nodes;
      return tasks[0]?.state === 'RUNNING' ? tasks : undefined;
    });
    expect(replacement!.id).not.toBe(task!.id);
  });

  it('a crash-looping app is DELAYED and shows its last task failure', async () => {
    success(
      (
        await cluster.client.request(CreateAppDocument, {
          input: { id: '/crash/loop', cmd: 'echo "cannot open config" >&2; exit 3', mem: 16, cpus: 0.1, backoffSeconds: 60 },
        })
      ).createApp,
    );
    const app = await eventually('the app to back off', async () => {
      const found = await appTasks('/crash/loop');
      return found.status === 'DELAYED' ? found : undefined;
    });
    expect(app.lastTaskFailure).toMatchObject({ state: 'FAILED', exitCode: 3, appVersion: 1, message: expect.stringContaining('cannot open config') });
    const delayedFor = new Date(app.queue!.delayedUntil!).getTime() - Date.now();
    expect(delayedFor).toBeGreaterThan(50_000);
    expect(app.tasks.nodes).toEqual([]);
    // Nothing launches while the delay runs.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await appTasks('/crash/loop')).tasks.nodes).toEqual([]);
  });
});
