import type { Database } from '../src/db/index.ts';
import type { SimulatedAgent } from './simulated-agent.ts';

/**
 * The outcome of a scale run, checked against what the agents themselves say they run: every task
 * placed once (on one agent, the one the store names) and every app at its instances; no agent given
 * more cpus, mem or disk than it offers, nor a host port twice; no status update lost (each task's
 * stored state and health are what its agent last reported). `examples` names the first problems.
 */
export async function checkFleet(db: Database, fleet: SimulatedAgent[], sizes: number[]) {
  const stored = await db.prisma.task.findMany({
    where: { appId: { startsWith: '/scale/' }, state: { in: ['STAGING', 'STARTING', 'RUNNING', 'KILLING', 'UNREACHABLE'] } },
    select: { id: true, appId: true, agentId: true, state: true, health: true },
  });
  const byId = new Map(stored.map((task) => [task.id, task]));
  const examples: string[] = [];
  const problem = (text: string) => examples.length < 10 && examples.push(text);
  let placement = 0;
  let lostUpdates = 0;
  const runBy = new Map<string, string>();
  for (const agent of fleet) {
    for (const reported of agent.lastReported()) {
      if (reported.state !== 'RUNNING') continue;
      const task = byId.get(reported.taskId);
      if (runBy.has(reported.taskId)) (placement += 1), problem(`${reported.taskId} runs on two agents`);
      runBy.set(reported.taskId, agent.id!);
      if (!task) {
        placement += 1;
        problem(`${reported.taskId} runs on ${agent.hostname} but the store has it ended or not at all`);
        continue;
      }
      if (task.agentId !== agent.id) (placement += 1), problem(`${task.id} runs on ${agent.hostname}, the store says ${task.agentId}`);
      const health = reported.healthy === undefined ? 'UNKNOWN' : reported.healthy ? 'HEALTHY' : 'UNHEALTHY';
      if (task.state !== reported.state || task.health !== health) {
        lostUpdates += 1;
        problem(`${task.id}: its agent said ${reported.state} ${health}, the store has ${task.state} ${task.health}`);
      }
    }
  }
  for (const task of stored) if (!runBy.has(task.id)) (placement += 1), problem(`${task.id} is ${task.state} in the store but no agent runs it`);
  const perApp = new Map<string, number>();
  for (const task of stored) perApp.set(task.appId, (perApp.get(task.appId) ?? 0) + 1);
  sizes.forEach((instances, i) => {
    const id = `/scale/app-${String(i).padStart(4, '0')}`;
    if ((perApp.get(id) ?? 0) !== instances) (placement += 1), problem(`${id} has ${perApp.get(id) ?? 0} tasks of ${instances}`);
  });
  const overcommitted = await db.withSession((session) =>
    session.query<{ agentId: string }>(
      `SELECT a.id::text AS "agentId" FROM "Agent" a JOIN "Task" t ON t."agentId" = a.id AND t.state IN ('STAGING', 'STARTING', 'RUNNING', 'KILLING', 'UNREACHABLE')
       GROUP BY a.id HAVING sum(t.cpus) > max(a.cpus) OR sum(t.mem) > max(a.mem) OR sum(t.disk) > max(a.disk)
       UNION
       SELECT t."agentId"::text FROM "Task" t, unnest(t.ports) AS port WHERE t.state IN ('STAGING', 'STARTING', 'RUNNING', 'KILLING', 'UNREACHABLE')
       GROUP BY t."agentId", port HAVING count(*) > 1`,
    ),
  );
  return { tasks: stored.length, apps: perApp.size, problems: { placement, lostUpdates }, overcommitted: overcommitted.map((row) => row.agentId), examples };
}
