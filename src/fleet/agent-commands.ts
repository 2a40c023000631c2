import type { AgentCommand, KnownTask } from '../agent/index.ts';
import type { Task } from '../generated/prisma/client.ts';
import type { Database, SqlQueries } from '../db/index.ts';
import { dependencyServices } from '../discovery/index.ts';
import { recordChangeInSql, taskStatusEvent } from '../events/index.ts';
import { taskEnvironment } from '../secrets/index.ts';
import { GroupCommit } from './group-commit.ts';
import { launchSpecOf } from './launch-spec.ts';
import { VersionSpecs } from './version-specs.ts';
import { delayNextLaunch } from './status-updates.ts';
import { activeInSql, isDying, isTerminal, shownState } from '../tasks/index.ts';

/**
 * Compares what the gateway wants on an agent with what the agent says it
 * runs (level-triggered, so a lost command is simply computed again):
 * - placed tasks the agent does not know yet are launched;
 * - tasks the gateway ordered killed (desiredState KILL), and tasks it does not know, are killed;
 * - tasks the gateway expects running that the agent does not report are LOST.
 */
export async function commandsForAgent(
  db: Database,
  agentId: string,
  known: KnownTask[],
  expected: ExpectedTask[],
  specs: VersionSpecs = new VersionSpecs(db.prisma),
): Promise<AgentCommand[]> {
  const { prisma } = db;
  const taskSpecOf = (task: ExpectedTask) => specs.of(task.appId, task.appVersion);
  const knownIds = new Set(known.map((task) => task.taskId));
  const expectedIds = new Map(expected.map((task) => [task.id, task]));
  const commands: AgentCommand[] = [];

  const toLaunch = expected.filter((task) => task.state === 'STAGING' && !knownIds.has(task.id));
  const unlaunchable: { task: ExpectedTask; problems: string[] }[] = [];
  for (const task of toLaunch) {
    const spec = await taskSpecOf(task);
    const environment = await taskEnvironment(prisma, spec);
    if ('problems' in environment) unlaunchable.push({ task, problems: environment.problems });
    else commands.push({ type: 'launch', task: launchSpecOf(task, spec, environment, await dependencyServices(prisma, spec)) });
  }
  if (unlaunchable.length > 0) await failUnlaunchable(db, agentId, unlaunchable);

  for (const task of known) {
    if (isTerminal(task.state as never)) continue;
    const wanted = expectedIds.get(task.taskId);
    if (!wanted || wanted.desiredState === 'KILL') {
      commands.push({ type: 'kill', taskId: task.taskId, gracePeriodSeconds: wanted ? (await taskSpecOf(wanted)).taskKillGracePeriodSeconds : 0 });
    }
  }

  const vanished = expected.filter((task) => task.state !== 'STAGING' && !knownIds.has(task.id));
  if (vanished.length > 0) await markLost(db, agentId, vanished);
  const returned = known.filter((task) => expectedIds.get(task.taskId)?.state === 'UNREACHABLE' && !isTerminal(task.state as never));
  if (returned.length > 0) await markReachable(db, agentId, returned, expectedIds);
  return commands;
}

/** What a poll compares of each task the gateway wants on the agent, and what a launch needs of it. */
export type ExpectedTask = Pick<Task, 'id' | 'appId' | 'appVersion' | 'agentId' | 'state' | 'desiredState' | 'ports'>;

/**
 * What the gateway wants on each agent (its tasks in active states), read for the polls of a
 * moment together, with group commit: one query for hundreds of polls a second. Only the columns a
 * poll uses: an agent of twenty tasks polls often in a burst, and the rest of each row (its times
 * above all) was most of what its read cost the gateway.
 */
export class ExpectedTasks {
  private readonly rounds: GroupCommit<string, ExpectedTask[]>;

  constructor(sql: SqlQueries) {
    this.rounds = new GroupCommit(async (agentIds) => {
      const tasks = await sql.query<ExpectedTask>(
        `SELECT id, "appId", "appVersion", "agentId"::text, state::text, "desiredState"::text, ports FROM "Task" t
         WHERE "agentId" = ANY($1::uuid[]) AND ${activeInSql('t')}`,
        [[...new Set(agentIds)]],
      );
      const byAgent = new Map<string, ExpectedTask[]>(agentIds.map((agentId) => [agentId, []]));
      for (const task of tasks) byAgent.get(task.agentId!)?.push(task);
      return agentIds.map((agentId) => byAgent.get(agentId)!);
    });
  }

  of(agentId: string): Promise<ExpectedTask[]> {
    return this.rounds.submit(agentId);
  }
}

/**
 * Tasks of an agent that came back are what it says they are (KILLING, when a kill was ordered
 * meanwhile: it is sent with these commands); the reconciler then kills any surplus.
 */
async function markReachable(db: Database, agentId: string, tasks: KnownTask[], expected: Map<string, ExpectedTask>): Promise<void> {
  await recordChangeInSql(db.sql, async (tx, emit) => {
    for (const reported of tasks) {
      const task = expected.get(reported.taskId)!;
      const state = shownState(task.desiredState, reported.state);
      const updated = await tx.query(
        `UPDATE "Task" SET state = $2::"TaskState", "reportedState" = $3::"TaskState" WHERE id = $1 AND state = 'UNREACHABLE' RETURNING id`,
        [task.id, state, reported.state],
      );
      if (updated.length === 0) continue;
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state, previousState: 'UNREACHABLE' }));
    }
  });
}

async function markLost(db: Database, agentId: string, tasks: ExpectedTask[]): Promise<void> {
  await recordChangeInSql(db.sql, async (tx, emit) => {
    for (const task of tasks) {
      // A task being killed that vanished was killed after all; anything else is lost.
      const state = isDying(task) ? 'KILLED' : 'LOST';
      const message = isDying(task) ? 'the agent no longer runs it' : 'the agent does not know this task (it restarted or lost it)';
      const updated = await endTask(tx, task.id, task.state, state, message);
      if (!updated) continue;
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state, previousState: task.state, message }));
    }
  });
}

/**
 * A task placed while its secrets were there, whose environment cannot be made now (a secret deleted
 * since, or sealed with another gateway's key): it fails without starting, counting for the app's
 * backoff, and the control loop places no other until the secret is there.
 */
async function failUnlaunchable(db: Database, agentId: string, tasks: { task: ExpectedTask; problems: string[] }[]): Promise<void> {
  await recordChangeInSql(db.sql, async (tx, emit) => {
    for (const { task, problems } of tasks) {
      const message = `not launched: ${problems.join('; ')}`;
      if (!(await endTask(tx, task.id, 'STAGING', 'FAILED', message))) continue;
      await delayNextLaunch(tx, emit, task.appId);
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state: 'FAILED', previousState: 'STAGING', message }));
    }
  });
}

/** The task ended by the gateway (LOST, KILLED, FAILED), if it is still in the state it was read in; whether it was. */
async function endTask(tx: SqlQueries, taskId: string, from: Task['state'], to: Task['state'], message: string): Promise<boolean> {
  const ended = await tx.query(
    'UPDATE "Task" SET state = $3::"TaskState", "finishedAt" = $4, message = $5 WHERE id = $1 AND state = $2::"TaskState" RETURNING id',
    [taskId, from, to, new Date(), message],
  );
  return ended.length > 0;
}
