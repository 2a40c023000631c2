import type { AgentCommand, KnownTask } from '../agent/index.ts';
import type { PrismaClient, Task } from '../generated/prisma/client.ts';
import { dependencyServices } from '../discovery/index.ts';
import { recordChange, taskStatusEvent } from '../events/index.ts';
import { taskEnvironment } from '../secrets/index.ts';
import { GroupCommit } from './group-commit.ts';
import { launchSpecOf } from './launch-spec.ts';
import { VersionSpecs } from './version-specs.ts';
import { delayNextLaunch } from './status-updates.ts';
import { activeStates, isDying, isTerminal, shownState } from '../tasks/index.ts';

/**
 * Compares what the gateway wants on an agent with what the agent says it
 * runs (level-triggered, so a lost command is simply computed again):
 * - placed tasks the agent does not know yet are launched;
 * - tasks the gateway ordered killed (desiredState KILL), and tasks it does not know, are killed;
 * - tasks the gateway expects running that the agent does not report are LOST.
 */
export async function commandsForAgent(
  prisma: PrismaClient,
  agentId: string,
  known: KnownTask[],
  expected: Task[],
  specs: VersionSpecs = new VersionSpecs(prisma),
): Promise<AgentCommand[]> {
  const taskSpecOf = (task: Task) => specs.of(task.appId, task.appVersion);
  const knownIds = new Set(known.map((task) => task.taskId));
  const expectedIds = new Map(expected.map((task) => [task.id, task]));
  const commands: AgentCommand[] = [];

  const toLaunch = expected.filter((task) => task.state === 'STAGING' && !knownIds.has(task.id));
  const unlaunchable: { task: Task; problems: string[] }[] = [];
  for (const task of toLaunch) {
    const spec = await taskSpecOf(task);
    const environment = await taskEnvironment(prisma, spec);
    if ('problems' in environment) unlaunchable.push({ task, problems: environment.problems });
    else commands.push({ type: 'launch', task: launchSpecOf(task, spec, environment, await dependencyServices(prisma, spec)) });
  }
  if (unlaunchable.length > 0) await failUnlaunchable(prisma, agentId, unlaunchable);

  for (const task of known) {
    if (isTerminal(task.state as never)) continue;
    const wanted = expectedIds.get(task.taskId);
    if (!wanted || wanted.desiredState === 'KILL') {
      commands.push({ type: 'kill', taskId: task.taskId, gracePeriodSeconds: wanted ? (await taskSpecOf(wanted)).taskKillGracePeriodSeconds : 0 });
    }
  }

  const vanished = expected.filter((task) => task.state !== 'STAGING' && !knownIds.has(task.id));
  if (vanished.length > 0) await markLost(prisma, agentId, vanished);
  const returned = known.filter((task) => expectedIds.get(task.taskId)?.state === 'UNREACHABLE' && !isTerminal(task.state as never));
  if (returned.length > 0) await markReachable(prisma, agentId, returned, expectedIds);
  return commands;
}

/**
 * What the gateway wants on each agent (its tasks in active states), read for the polls of a
 * moment together, with group commit: one query for hundreds of polls a second.
 */
export class ExpectedTasks {
  private readonly rounds: GroupCommit<string, Task[]>;

  constructor(prisma: PrismaClient) {
    this.rounds = new GroupCommit(async (agentIds) => {
      const tasks = await prisma.task.findMany({ where: { agentId: { in: [...new Set(agentIds)] }, state: { in: activeStates } } });
      const byAgent = new Map<string, Task[]>(agentIds.map((agentId) => [agentId, []]));
      for (const task of tasks) byAgent.get(task.agentId!)?.push(task);
      return agentIds.map((agentId) => byAgent.get(agentId)!);
    });
  }

  of(agentId: string): Promise<Task[]> {
    return this.rounds.submit(agentId);
  }
}

/**
 * Tasks of an agent that came back are what it says they are (KILLING, when a kill was ordered
 * meanwhile: it is sent with these commands); the reconciler then kills any surplus.
 */
async function markReachable(prisma: PrismaClient, agentId: string, tasks: KnownTask[], expected: Map<string, Task>): Promise<void> {
  await recordChange(prisma, async (tx, emit) => {
    for (const reported of tasks) {
      const task = expected.get(reported.taskId)!;
      const state = shownState(task.desiredState, reported.state);
      const updated = await tx.task.updateMany({ where: { id: task.id, state: 'UNREACHABLE' }, data: { state, reportedState: reported.state } });
      if (updated.count === 0) continue;
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state, previousState: 'UNREACHABLE' }));
    }
  });
}

async function markLost(prisma: PrismaClient, agentId: string, tasks: Task[]): Promise<void> {
  await recordChange(prisma, async (tx, emit) => {
    for (const task of tasks) {
      // A task being killed that vanished was killed after all; anything else is lost.
      const state = isDying(task) ? 'KILLED' : 'LOST';
      const message = isDying(task) ? 'the agent no longer runs it' : 'the agent does not know this task (it restarted or lost it)';
      const updated = await tx.task.updateMany({ where: { id: task.id, state: task.state }, data: { state, finishedAt: new Date(), message } });
      if (updated.count === 0) continue;
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state, previousState: task.state, message }));
    }
  });
}

/**
 * A task placed while its secrets were there, whose environment cannot be made now (a secret deleted
 * since, or sealed with another gateway's key): it fails without starting, counting for the app's
 * backoff, and the control loop places no other until the secret is there.
 */
async function failUnlaunchable(prisma: PrismaClient, agentId: string, tasks: { task: Task; problems: string[] }[]): Promise<void> {
  await recordChange(prisma, async (tx, emit) => {
    for (const { task, problems } of tasks) {
      const message = `not launched: ${problems.join('; ')}`;
      const updated = await tx.task.updateMany({ where: { id: task.id, state: 'STAGING' }, data: { state: 'FAILED', finishedAt: new Date(), message } });
      if (updated.count === 0) continue;
      await delayNextLaunch(tx, emit, task.appId);
      emit(taskStatusEvent({ taskId: task.id, appId: task.appId, agentId, state: 'FAILED', previousState: 'STAGING', message }));
    }
  });
}
