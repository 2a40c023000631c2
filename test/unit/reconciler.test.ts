import { describe, expect, it } from 'vitest';
import type { AppSpec } from '../../src/apps/index.ts';
import { reconcileApp } from '../../src/scheduler/index.ts';
import type { App, Task } from '../../src/generated/prisma/client.ts';
import { anApp, aSpec, aTask, fixtureNow } from '../helpers/builders.ts';

const now = fixtureNow;
const spec = aSpec;
const app = (version: number, extra: Partial<Omit<App, 'spec'>> = {}) => anApp({ version, ...extra });
const task = (version: number, state: Task['state'] = 'RUNNING', extra: Partial<Task> = {}) => aTask({ appVersion: version, state, ...extra });
const plan = (a: App, s: AppSpec, tasks: Task[]) => reconcileApp({ app: a, spec: s, tasks, now, inactive: () => false });

describe('the reconciler', () => {
  it('places the missing instances and scales down the youngest first', () => {
    expect(plan(app(1), spec({ instances: 3 }), [task(1)]).place).toBe(2);
    const tasks = [task(1), task(1), task(1)];
    expect(plan(app(1), spec({ instances: 1 }), tasks).kill.map((kill) => kill.taskId)).toEqual([tasks[2]!.id, tasks[1]!.id]);
    expect(plan(app(1), spec({ instances: 1, killSelection: 'OLDEST_FIRST' }), tasks).kill.map((kill) => kill.taskId)).toEqual([tasks[0]!.id, tasks[1]!.id]);
  });

  it('rolls a new version: starts new tasks first, kills an old one only when a new one is ready', () => {
    const s = spec({ instances: 2, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 } });
    const old = [task(1), task(1)];
    expect(plan(app(2), s, old)).toMatchObject({ place: 2, kill: [] });
    const starting = [task(2, 'STARTING'), task(2, 'STARTING')];
    expect(plan(app(2), s, [...old, ...starting])).toMatchObject({ place: 0, kill: [] });
    const oneReady = [task(2, 'RUNNING'), task(2, 'STARTING')];
    expect(plan(app(2), s, [...old, ...oneReady]).kill).toHaveLength(1);
  });

  it('with minimumHealthCapacity 0 and no over-capacity, kills every old task at once and starts their successors', () => {
    const s = spec({ instances: 2, upgradeStrategy: { minimumHealthCapacity: 0, maximumOverCapacity: 0 } });
    expect(plan(app(2), s, [task(1), task(1)])).toMatchObject({ place: 2, kill: [{}, {}] });
  });

  it('makes progress when neither capacity bound leaves room', () => {
    const s = spec({ instances: 2, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0 } });
    expect(plan(app(2), s, [task(1), task(1)]).kill).toHaveLength(1);
  });

  it('waits for health checks before counting a new task ready', () => {
    const s = spec({ instances: 1, healthChecks: [{ protocol: 'HTTP' }] });
    const old = task(1, 'RUNNING', { health: 'HEALTHY' });
    expect(plan(app(2), s, [old, task(2, 'RUNNING', { health: 'UNKNOWN' })]).kill).toEqual([]);
    expect(plan(app(2), s, [old, task(2, 'RUNNING', { health: 'HEALTHY' })]).kill.map((kill) => kill.taskId)).toEqual([old.id]);
  });

  it('launches nothing while the launch delay runs, and resets it once a task stays up', () => {
    const delayed = app(1, { launchDelayUntil: new Date(now.getTime() + 5000), launchDelaySeconds: 2 });
    expect(plan(delayed, spec({ instances: 2 }), [])).toMatchObject({ place: 0, delayed: true });
    expect(plan(app(1, { launchDelaySeconds: 2 }), spec({ instances: 1 }), [task(1)]).resetDelay).toBe(true);
  });

  it('replaces an unreachable task once it counts as inactive', () => {
    const away = task(1, 'UNREACHABLE');
    expect(reconcileApp({ app: app(1), spec: spec(), tasks: [away], now, inactive: () => false }).place).toBe(0);
    expect(reconcileApp({ app: app(1), spec: spec(), tasks: [away], now, inactive: () => true }).place).toBe(1);
  });

  it("starts no task past the cluster's instance limit, and kills none that run past it", () => {
    // A definition stored before the limit (or before it was lowered) asks for more than the limit allows.
    const huge = { ...spec(), instances: 1_000_000_000 };
    expect(reconcileApp({ app: app(1), spec: huge, tasks: [task(1)], now, inactive: () => false, maxInstances: 10_000 }).place).toBe(9_999);
    const running = [task(1), task(1), task(1)];
    expect(reconcileApp({ app: app(1), spec: spec({ instances: 3 }), tasks: running, now, inactive: () => false, maxInstances: 2 })).toMatchObject({
      place: 0,
      kill: [],
    });
  });
});
