import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/index.ts';
import { AgentState, OperatingSystem, TaskHealth, TaskState } from '../generated/prisma/enums.ts';

/**
 * Agents and tasks as the database has them, counted at each scrape with one
 * grouped query each: any gateway answers the same, and a restart loses
 * nothing.
 */
export function registerClusterState(registry: Registry, db: Database): void {
  countedByTwo(registry, {
    name: 'corral_agents',
    help: 'Agents by operating system and state',
    labels: ['os', 'state'],
    values: [Object.values(OperatingSystem), Object.values(AgentState)],
    count: async () =>
      (await db.prisma.agent.groupBy({ by: ['os', 'state'], _count: { _all: true } })).map((group) => [group.os, group.state, group._count._all]),
  });
  countedByTwo(registry, {
    name: 'corral_tasks',
    help: 'Tasks by state and health (ended tasks too, as long as they are kept)',
    labels: ['state', 'health'],
    values: [Object.values(TaskState), Object.values(TaskHealth)],
    count: async () =>
      (await db.prisma.task.groupBy({ by: ['state', 'health'], _count: { _all: true } })).map((group) => [group.state, group.health, group._count._all]),
  });
}

interface CountedByTwo {
  name: string;
  help: string;
  labels: [string, string];
  /** Every value of each label */
  values: [string[], string[]];
  /** The counts there are: [first label's value, second's, count] */
  count: () => Promise<[string, string, number][]>;
}

/**
 * A gauge of counts by two labels. Every combination is written, zeros too, so an alert on
 * corral_agents{state="UNREACHABLE"} > 0 has a series to look at.
 */
function countedByTwo(registry: Registry, { name, help, labels: [first, second], values: [firsts, seconds], count }: CountedByTwo): void {
  new Gauge({
    name,
    help,
    labelNames: [first, second],
    registers: [registry],
    async collect() {
      const counts = new Map((await count()).map(([a, b, n]) => [JSON.stringify([a, b]), n]));
      for (const a of firsts) for (const b of seconds) this.set({ [first]: a, [second]: b }, counts.get(JSON.stringify([a, b])) ?? 0);
    },
  });
}
