import { writeFileSync } from 'node:fs';
import { awaitConvergence, checkEventLog, checkMutations, checkProcesses, checkResources, checkRolling } from './checker/index.ts';
import { pause, within } from './clock.ts';
import { Dice } from './dice.ts';
import { History } from './history.ts';
import { Nemesis } from './nemesis.ts';
import { Observer } from './observer.ts';
import { report, type SoakReport } from './report.ts';
import { startStack, type Stack } from './stack.ts';
import { query } from './store.ts';
import { Subscriber } from './subscribers.ts';
import { Workload } from './workload.ts';

export interface SoakOptions {
  minutes: number;
  seed: number;
  /** A Windows agent under Wine besides the Linux ones */
  windows?: boolean;
  /** The first of the run's ports (see stack.ts) */
  portBase?: number;
  /** After the last fault heals and the operators stop, before the checks */
  quietSeconds?: number;
  /** How long the apps may take to converge after the quiet period */
  convergeSeconds?: number;
  log?: (line: string) => void;
  /** Where to write the whole history as JSON, to study a run */
  historyFile?: string;
}

/**
 * A Jepsen-style soak: operators and subscribers work the cluster while the
 * nemesis causes overlapping faults for `minutes`; then the faults heal, the
 * operators stop, and after a quiet period the checker judges the history.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const startedAt = Date.now();
  const log = options.log ?? (() => undefined);
  const dice = new Dice(options.seed);
  const history = new History();
  log(`soak: seed ${options.seed}, ${options.minutes} minutes; starting PostgreSQL, 2 gateways, 3 agents${options.windows ? ' and a Windows agent' : ''}`);
  const stack = await startStack({ portBase: options.portBase ?? 9100, agents: 3, windows: options.windows ?? false });
  try {
    const subscribers = await startSubscribers(stack, history, dice);
    const observer = new Observer(stack.databaseUrl, stack.appPrefix, history, stack.windows?.agent?.id);
    const workload = new Workload(stack, history, dice.split('workload'), 3);
    const nemesis = new Nemesis(stack, history, dice.split('nemesis'));
    observer.start();
    workload.start();
    nemesis.start();
    await pause(options.minutes * 60_000);
    log('soak: time is up; healing the faults and stopping the operators');
    await Promise.all([nemesis.stop(), workload.stop()]);
    await pause((options.quietSeconds ?? 10) * 1000);
    log('soak: quiet; waiting for the apps to converge');
    const convergence = await awaitConvergence(stack.databaseUrl, stack.appPrefix, (options.convergeSeconds ?? 90) * 1000);
    await observer.look();
    await observer.stop();
    await catchUp(stack, subscribers);
    await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
    await workload.close();
    log('soak: checking the history');
    const invariants = [
      await checkMutations(stack.databaseUrl, stack.appPrefix, history.operations),
      await checkEventLog(stack.databaseUrl, history.subscribers),
      convergence.verdict,
      await checkProcesses(stack.databaseUrl, stack.appPrefix, stack.windows?.agent?.id),
      checkRolling(history),
      checkResources(history),
    ];
    const placed = await tasksByAgent(stack);
    if (options.historyFile) writeFileSync(options.historyFile, JSON.stringify(history, null, 1));
    // A gateway that stopped by itself failed as surely as a fault that did not heal.
    const failures = [...nemesis.failures, ...stack.gateways.flatMap((gateway) => gateway.exitsOnItsOwn)];
    return report({ seed: options.seed, minutes: options.minutes, startedAt }, history, invariants, convergence.convergedAt, failures, placed);
  } finally {
    await stack.stop();
  }
}

async function startSubscribers(stack: Stack, history: History, dice: Dice): Promise<Subscriber[]> {
  const cursor = await lastSequence(stack);
  return ['subscriber-1', 'subscriber-2'].map((name) => {
    const log = { name, startCursor: cursor, received: [], resumptions: 0 };
    history.subscribers.push(log);
    const subscriber = new Subscriber(log, stack.gateways, dice.split(name));
    subscriber.start();
    return subscriber;
  });
}

/** Gives the subscribers up to 30 s to reach the end of the log. */
async function catchUp(stack: Stack, subscribers: Subscriber[]): Promise<void> {
  const end = await lastSequence(stack);
  await within(30_000, () => (subscribers.every((subscriber) => subscriber.cursor >= end) ? true : undefined), 250);
}

async function lastSequence(stack: Stack): Promise<number> {
  const [row] = await query<{ last: string | null }>(stack.databaseUrl, `SELECT max(sequence) AS last FROM "Event"`);
  return Number(row?.last ?? 0);
}

async function tasksByAgent(stack: Stack): Promise<Record<string, number>> {
  const names = new Map<string, string>(stack.agents.map((agent) => [agent.id, agent.name]));
  if (stack.windows?.agent) names.set(stack.windows.agent.id, stack.windows.name);
  const rows = await query<{ agent: string; tasks: number }>(
    stack.databaseUrl,
    `SELECT "agentId"::text AS agent, count(*)::int AS tasks FROM "Task" WHERE "appId" LIKE $1 AND "agentId" IS NOT NULL GROUP BY 1`,
    [`${stack.appPrefix}%`],
  );
  return Object.fromEntries(rows.map((row) => [names.get(row.agent) ?? row.agent, row.tasks]));
}
