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
  { expected, unwanted }: AgentDifference,
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
    if (unwanted.has(task.taskId) || wanted?.desiredState === 'KILL') {
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
 * Where the gateway and an agent disagree, which is all a poll acts on: `expected`, the tasks the
 * gateway wants on the agent (in active states) that the agent does not report, or that it wants
 * killed, or that were UNREACHABLE; `unwanted`, the tasks the agent reports that the gateway does
 * not want there. A task both sides agree on is in neither.
 */
export interface AgentDifference {
  expected: ExpectedTask[];
  unwanted: Set<string>;
}

/**
 * The difference of each polling agent, read for the polls of a moment together, with group commit:
 * one query for hundreds of polls a second. The comparison is the database's: an agent of twenty
 * tasks polls often in a burst, and reading all its tasks for each poll, to find the one or two
 * that differ, was the database's largest work in a burst, and the rows' parsing a gateway's
 * (bench/README.md, scale).
 */
export class ExpectedTasks {
  private readonly rounds: GroupCommit<{ agentId: string; known: readonly KnownTask[] }, AgentDifference>;

  constructor(sql: SqlQueries) {
    this.rounds = new GroupCommit(async (polls) => {
      // By poll, not by agent: two polls of one agent (one it gave up on, and the next) may say different things.
      const knownPolls = polls.flatMap((poll, i) => poll.known.map(() => i));
      const knownIds = polls.flatMap((poll) => poll.known.map((task) => task.taskId));
      const rows = await sql.query<ExpectedTask & { poll: number; unwanted: boolean }>(
        // A full join, which PostgreSQL can only make by hashing or merging (written as NOT EXISTS, it
        // looked for each task through every task the polls named); `= ANY` as well as the join, or
        // the plan reads every task rather than the agents' through their index.
        `WITH polls AS (SELECT "agentId", (poll - 1)::int AS poll FROM unnest($1::uuid[]) WITH ORDINALITY AS p("agentId", poll)),
              known AS (SELECT * FROM unnest($2::int[], $3::text[]) AS k(poll, id)),
              wanted AS (SELECT p.poll, t.id, t."appId", t."appVersion", t."agentId", t.state, t."desiredState", t.ports
                         FROM polls p JOIN "Task" t ON t."agentId" = p."agentId"
                         WHERE t."agentId" = ANY($1::uuid[]) AND ${activeInSql('t')})
         SELECT coalesce(w.poll, k.poll) AS poll, coalesce(w.id, k.id) AS id, w."appId", w."appVersion", w."agentId"::text,
                w.state::text, w."desiredState"::text, w.ports, w.id IS NULL AS unwanted
         FROM wanted w FULL JOIN known k ON k.poll = w.poll AND k.id = w.id
         WHERE w.id IS NULL OR k.id IS NULL OR w."desiredState" = 'KILL' OR w.state = 'UNREACHABLE'`,
        [polls.map((poll) => poll.agentId), knownPolls, knownIds],
      );
      const differences = polls.map((): AgentDifference => ({ expected: [], unwanted: new Set() }));
      for (const { poll, unwanted, ...task } of rows) {
        if (unwanted) differences[poll]!.unwanted.add(task.id);
        else differences[poll]!.expected.push(task);
      }
      return differences;
    });
  }

  /** `known`: what the agent says it runs, as its poll says it. */
  of(agentId: string, known: readonly KnownTask[]): Promise<AgentDifference> {
    return this.rounds.submit({ agentId, known });
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
