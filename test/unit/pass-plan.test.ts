import { describe, expect, it } from 'vitest';
import { decidePass } from '../../src/scheduler/index.ts';
import { anAgent, anApp, aPassSnapshot, aSpec, aTask, fixtureNow, someOffers } from '../helpers/builders.ts';

// A whole control loop pass decided without a database: the rows it read in, its plan out.
describe('a pass decides a whole plan from a snapshot', () => {
  it('places the apps in turn, each seeing the ports and resources the ones before it took', () => {
    const agent = anAgent({ id: 'a1', cpus: 2, portRanges: [[31000, 31002]] });
    const apps = ['/a', '/b'].map((id) => anApp({ spec: aSpec({ id, instances: 2, cpus: 0.5, mem: 64, portDefinitions: [{ port: 0 }] }) }));
    const plan = decidePass(aPassSnapshot({ apps }), someOffers({ agents: [agent] }));
    expect(plan.apps.map((app) => [app.appId, app.place.map((task) => [task.id, task.agentId, task.host, task.ports])])).toEqual([
      [
        '/a',
        [
          ['new-1', 'a1', 'a1.example', [31000]],
          ['new-2', 'a1', 'a1.example', [31001]],
        ],
      ],
      ['/b', [['new-3', 'a1', 'a1.example', [31002]]]],
    ]);
    expect(plan.apps[0]).toMatchObject({ unplaced: 0, kill: [] });
    expect(plan.apps[0]).not.toHaveProperty('placementFailures');
    expect(plan.apps[1]).toMatchObject({ unplaced: 1, placementFailures: { 'lacked ports': 1 } });
    expect(plan.apps[1]!.place[0]).toMatchObject({ appId: '/b', appVersion: 1, cpus: 0.5, mem: 64, disk: 0, gpus: 0 });
    expect(plan.outOfBudgetAt).toBeUndefined();
  });

  it('kills with reasons and the agent to tell, and leaves settled apps alone', () => {
    const web = anApp({ spec: aSpec({ id: '/web', instances: 1 }) });
    const gone = anApp({ spec: aSpec({ id: '/gone', instances: 1 }), deletedAt: new Date(fixtureNow.getTime() - 1000) });
    const tasks = [aTask({ appId: '/web', agentId: 'a1' }), aTask({ appId: '/web', agentId: 'a2' }), aTask({ appId: '/gone', agentId: 'a3' })];
    const plan = decidePass(aPassSnapshot({ apps: [gone, web], activeTasks: tasks }), someOffers());
    expect(plan.apps.map(({ appId, kill }) => [appId, kill])).toEqual([
      ['/gone', [{ taskId: tasks[2]!.id, agentId: 'a3', reason: 'its app was deleted' }]],
      ['/web', [{ taskId: tasks[1]!.id, agentId: 'a2', reason: 'scaled down' }]],
    ]);
    const settled = decidePass(aPassSnapshot({ apps: [web], activeTasks: [tasks[0]!] }), someOffers());
    expect(settled.apps).toEqual([{ appId: '/web', version: 1, kill: [], place: [], unplaced: 0, resetDelay: false }]);
  });

  it('places nothing for an app waiting for a secret, and says which', () => {
    const app = anApp({ spec: aSpec({ id: '/db', instances: 2 }) });
    const plan = decidePass(
      aPassSnapshot({ apps: [app] }),
      someOffers({ agents: [anAgent()], waitingForSecrets: new Map([['/db', ['secret db/password was not found']]]) }),
    );
    expect(plan.apps).toEqual([
      { appId: '/db', version: 1, kill: [], place: [], unplaced: 2, resetDelay: false, placementFailures: { 'secret db/password was not found': 0 } },
    ]);
  });

  it('clears what no longer holds: failures once every task is placed, a launch delay once a task stayed up', () => {
    const app = anApp({
      spec: aSpec({ instances: 1 }),
      placementFailures: { 'lacked memory': 1 },
      launchDelaySeconds: 4,
      launchDelayUntil: new Date(fixtureNow.getTime() - 1000),
    });
    const stable = aTask({ startedAt: new Date(fixtureNow.getTime() - 60_000) });
    expect(decidePass(aPassSnapshot({ apps: [app], activeTasks: [stable] }), someOffers()).apps[0]).toMatchObject({
      placementFailures: null,
      resetDelay: true,
    });
  });

  it('stops at the budget, keeps what the waiting app knew, and begins after it next pass', () => {
    const apps = ['/a', '/b', '/c'].map((id) =>
      anApp({ spec: aSpec({ id, instances: 1, cpus: 0.1, mem: 16, portDefinitions: [] }), placementFailures: { 'lacked cpus': 1 } }),
    );
    const first = decidePass(aPassSnapshot({ apps }), someOffers({ agents: [anAgent()], budget: { tasks: 1, ms: Infinity } }));
    expect(first.apps.map((app) => [app.appId, app.place.length, app.placementFailures])).toEqual([
      ['/a', 1, null],
      ['/b', 0, undefined],
      ['/c', 0, undefined],
    ]);
    expect(first.outOfBudgetAt).toBe('/b');
    const placed = aTask({ appId: '/a', agentId: first.apps[0]!.place[0]!.agentId });
    const next = decidePass(
      aPassSnapshot({ apps, activeTasks: [placed], outOfBudgetAt: first.outOfBudgetAt }),
      someOffers({ agents: [anAgent()], budget: { tasks: 1, ms: Infinity } }),
    );
    expect(next.apps.map((app) => [app.appId, app.place.length])).toEqual([
      ['/c', 1],
      ['/a', 0],
      ['/b', 0],
    ]);
    expect(next.outOfBudgetAt).toBe('/b');
  });

  it('holds an app back until what it depends on runs ready, and replaces tasks on drained agents', () => {
    const db = anApp({ spec: aSpec({ id: '/db', instances: 1 }) });
    const web = anApp({ spec: aSpec({ id: '/web', instances: 1, dependencies: ['/db'] }) });
    const agents = [anAgent({ id: 'a1' }), anAgent({ id: 'a2', drainingSince: fixtureNow })];
    const waiting = decidePass(aPassSnapshot({ apps: [db, web] }), someOffers({ agents }));
    expect(waiting.apps.map((app) => [app.appId, app.place.map((task) => task.agentId)])).toEqual([
      ['/db', ['a1']],
      ['/web', []],
    ]);
    const dbOnDrained = aTask({ appId: '/db', agentId: 'a2' });
    const moving = decidePass(aPassSnapshot({ apps: [db, web], activeTasks: [dbOnDrained], drained: new Set(['a2']) }), someOffers({ agents }));
    // The drained task stays until its replacement is ready (minimumHealthCapacity 1).
    expect(moving.apps[0]).toMatchObject({ place: [{ agentId: 'a1' }], kill: [] });
  });
});
