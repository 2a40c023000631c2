import { pause } from '../clock.ts';
import { liveTaskProcesses } from '../task-processes.ts';
import { ACTIVE, query } from '../store.ts';
import { verdict, type Verdict } from './verdict.ts';

/**
 * What runs on the machine matches the store: no task with two live process
 * groups, no live task process the store does not count active (an orphan),
 * no task the store has RUNNING without a live process. Looked at twice, a
 * few seconds apart: only what is so both times counts (a task ending just
 * then is reported moments later). Tasks of the Windows agent are left out:
 * under Wine, cmd.exe and the program it starts are separate Linux
 * processes, and no process group ties them.
 */
export async function checkProcesses(databaseUrl: string, appPrefix: string, windowsAgentId?: string): Promise<Verdict> {
  const first = await mismatches(databaseUrl, appPrefix, windowsAgentId);
  await pause(5000);
  const second = await mismatches(databaseUrl, appPrefix, windowsAgentId);
  return verdict(
    'processes match the store: no task twice, no orphan, no RUNNING task without its process',
    first.filter((problem) => second.includes(problem)),
  );
}

async function mismatches(databaseUrl: string, appPrefix: string, windowsAgentId?: string): Promise<string[]> {
  const tasks = await query<{ id: string; state: string; agent: string | null }>(
    databaseUrl,
    `SELECT id, state::text, "agentId"::text AS agent FROM "Task" WHERE "appId" LIKE $1`,
    [`${appPrefix}%`],
  );
  const onWindows = new Set(tasks.filter((task) => windowsAgentId && task.agent === windowsAgentId).map((task) => task.id));
  const stored = new Map(tasks.filter((task) => !onWindows.has(task.id)).map((task) => [task.id, task.state]));
  const groups = new Map<string, Set<number>>();
  for (const found of liveTaskProcesses(appPrefix).filter((live) => !onWindows.has(live.taskId)))
    groups.set(found.taskId, (groups.get(found.taskId) ?? new Set()).add(found.group));
  const problems: string[] = [];
  for (const [taskId, taskGroups] of groups) {
    if (taskGroups.size > 1) problems.push(`task ${taskId} has ${taskGroups.size} live process groups: ${[...taskGroups].join(', ')}`);
    const state = stored.get(taskId);
    if (!state || !ACTIVE.includes(`'${state}'`)) problems.push(`task ${taskId} has a live process, but the store has it ${state ?? 'not at all'} (an orphan)`);
  }
  for (const [taskId, state] of stored)
    if (state === 'RUNNING' && !groups.has(taskId)) problems.push(`task ${taskId} is RUNNING in the store, but no process of it is alive`);
  return problems;
}
