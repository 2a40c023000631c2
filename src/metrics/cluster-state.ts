import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../db/index.ts';
import { AgentState, OperatingSystem, TaskHealth, TaskState } from '../generated/prisma/enums.ts';

/**
 * Agents and tasks as the database has them, counted at each scrape with one
 * grouped query each: any gateway answers the same, and a restart loses
 * nothing. Every combination is written, zeros too, so an alert on
 * corral_agents{state="UNREACHABLE"} > 0 has a series to look at.
 */
export function registerClusterState(registry: Registry, db: Database): void {
  new Gauge({
    name: 'corral_agents',
    help: 'Agents by operating system and state',
    labelNames: ['os', 'state'] as const,
    registers: [registry],
    async collect() {
      const groups = await db.prisma.agent.groupBy({ by: ['os', 'state'], _count: { _all: true } });
      for (const os of Object.values(OperatingSystem)) {
        for (const state of Object.values(AgentState)) {
          const group = groups.find((candidate) => candidate.os === os && candidate.state === state);
          this.set({ os, state }, group?._count._all ?? 0);
        }
      }
    },
  });
  new Gauge({
    name: 'corral_tasks',
    help: 'Tasks by state and health (ended tasks too, as long as they are kept)',
    labelNames: ['state', 'health'] as const,
    registers: [registry],
    async collect() {
      const groups = await db.prisma.task.groupBy({ by: ['state', 'health'], _count: { _all: true } });
      for (const state of Object.values(TaskState)) {
        for (const health of Object.values(TaskHealth)) {
          const group = groups.find((candidate) => candidate.state === state && candidate.health === health);
          this.set({ state, health }, group?._count._all ?? 0);
        }
      }
    },
  });
}
