import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pause } from './clock.ts';
import type { Dice } from './dice.ts';
import type { GatewayNode } from './gateways.ts';
import type { FaultKind, History } from './history.ts';
import { UNREACHABLE_AFTER_S, type Stack } from './stack.ts';

/** What a fault needs: the cluster, the record of the run, its dice, and the faults under way (`kind:target`). */
export interface FaultContext {
  stack: Stack;
  history: History;
  dice: Dice;
  busy: Set<string>;
  /** Aborted when the run ends: every fault under way heals at once */
  ending: AbortSignal;
  /** The gateway that led when the nemesis last looked */
  leader?: GatewayNode;
}

/** Causes one fault and heals it; resolves once healed. Undefined when no target is free for it now. */
export type Fault = (context: FaultContext) => Promise<void> | undefined;

export const faults: Record<FaultKind, Fault> = {
  'gateway-kill': (context) =>
    holding(context, 'gateway-kill', pickGateway(context, 0.7), async (gateway) => {
      await gateway.kill();
      await pause(context.dice.between(1000, 8000), context.ending);
      await gateway.start();
    }),
  'leader-pause': (context) =>
    holding(context, 'leader-pause', pickGateway(context, 1), async (gateway) => {
      gateway.freeze();
      // Longer than agents wait for a gateway before calling an agent unreachable; the lease itself is a session lock the stopped process keeps.
      await pause(context.dice.between(UNREACHABLE_AFTER_S + 2, UNREACHABLE_AFTER_S + 12) * 1000, context.ending);
      gateway.thaw();
    }),
  'agent-kill': (context) =>
    holding(context, 'agent-kill', pickAgent(context, 'agent-kill'), async (agent) => {
      await agent.kill();
      await pause(context.dice.between(1000, 10_000), context.ending);
      await agent.start();
    }),
  partition: (context) =>
    holding(context, 'partition', pickPartitionable(context), async (agent) => {
      agent.link.cut();
      await pause(context.dice.between(5000, 40_000), context.ending);
      agent.link.mend();
    }),
  'postgres-restart': (context) =>
    holding(context, 'postgres-restart', context.busy.has('postgres-restart:postgres') ? undefined : { name: 'postgres' }, async () => {
      await context.stack.postgres.stop(context.dice.chance(0.5) ? 'immediate' : 'fast');
      await pause(context.dice.between(1000, 6000), context.ending);
      await context.stack.postgres.start();
    }),
  'disk-full': (context) =>
    holding(
      context,
      'disk-full',
      pickAgent(context, 'disk-full', (agent) => agent.sandboxDisk !== undefined),
      async (agent) => {
        const filler = join(agent.sandboxDisk!, 'soak-filler');
        fillDisk(filler);
        await pause(context.dice.between(5000, 30_000), context.ending);
        rmSync(filler, { force: true });
      },
    ),
};

/**
 * Runs `cause` on `target`, the fault recorded from start to heal. Faults of
 * different kinds may hit one target together (an agent killed while it is
 * partitioned); one kind never twice at once.
 */
function holding<T extends { name: string }>(context: FaultContext, kind: FaultKind, target: T | undefined, cause: (target: T) => Promise<void>) {
  if (!target) return undefined;
  const key = `${kind}:${target.name}`;
  context.busy.add(key);
  const healed = context.history.fault(kind, target.name);
  return cause(target).finally(() => {
    healed();
    context.busy.delete(key);
  });
}

/** A gateway no fault holds: the leader with probability `leaderBias`, if it can be told. */
function pickGateway(context: FaultContext, leaderBias: number): GatewayNode | undefined {
  const toLeader = context.dice.chance(leaderBias); // rolled first, whatever is free: a replay rolls the same dice
  // At most one gateway away at a time: the other keeps the cluster reachable, as it would in production.
  // Away also when no fault holds it: one that did not start again (a nemesis failure) or stopped by itself.
  if ([...context.busy].some((key) => key.startsWith('gateway-kill:') || key.startsWith('leader-pause:'))) return undefined;
  if (context.stack.gateways.some((gateway) => !gateway.serving())) return undefined;
  const free = context.stack.gateways.filter((gateway) => gateway.serving());
  const leader = context.leader;
  if (leader && free.includes(leader) && toLeader) return leader;
  return context.dice.pick(free);
}

function pickAgent(context: FaultContext, kind: FaultKind, fits: (agent: Stack['agents'][number]) => boolean = () => true) {
  const free = context.stack.agents.filter((agent) => !context.busy.has(`${kind}:${agent.name}`) && fits(agent));
  return free.length > 0 ? context.dice.pick(free) : undefined;
}

/** A Linux agent, or the Windows one: whichever is cut off, it is by its own proxies. */
function pickPartitionable(context: FaultContext) {
  const { agents, windows } = context.stack;
  const free = [...agents, ...(windows ? [windows] : [])].filter((agent) => !context.busy.has(`partition:${agent.name}`));
  return free.length > 0 ? context.dice.pick(free) : undefined;
}

/** Writes until the disk refuses: a real ENOSPC for every task of that agent. */
function fillDisk(path: string): void {
  const chunk = Buffer.alloc(1024 * 1024);
  const fd = openSync(path, 'w');
  try {
    for (;;) writeSync(fd, chunk);
  } catch {
    // full
  } finally {
    closeSync(fd);
  }
}
