import { pause } from './clock.ts';
import type { History } from './history.ts';
import { ACTIVE, query } from './store.ts';
import { liveTaskProcesses } from './task-processes.ts';

const EVERY_MS = 1000;

/**
 * Looks at the store every second while the run lasts, for what must never be
 * even for a moment: an agent given more than it has, a host port given twice
 * on one agent, a task running as two process groups at once (Linux agents'
 * tasks: under Wine a task is two unrelated processes); and samples every rolling deployment's ready tasks, for the
 * checker to hold against minimumHealthCapacity.
 */
export class Observer {
  private running = true;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly appPrefix: string,
    private readonly history: History,
    /** The Windows agent's id, whose tasks the process look leaves out */
    private readonly windowsAgentId?: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One look; the store may be away (a PostgreSQL restart): then none. */
  async look(): Promise<void> {
    const at = Date.now();
    try {
      for (const row of await query<{ agent: string; cpus: number; mem: number; used_cpus: number; used_mem: number }>(this.databaseUrl, overCommitted))
        this.history.sightings.push({
          at,
          invariant: 'over-commit',
          detail: `agent ${row.agent}: cpus ${row.used_cpus}/${row.cpus}, mem ${row.used_mem}/${row.mem}`,
        });
      for (const row of await query<{ agent: string; port: number; tasks: string[] }>(this.databaseUrl, portsTwice))
        this.history.sightings.push({ at, invariant: 'port-twice', detail: `agent ${row.agent}: port ${row.port} to ${row.tasks.join(', ')}` });
      for (const row of await query<{ id: string; app: string; ready: number; required: number }>(this.databaseUrl, rolling, [`${this.appPrefix}%`]))
        this.history.capacity.push({ at, appId: row.app, deploymentId: row.id, ready: Number(row.ready), required: Number(row.required) });
      await this.lookAtProcesses(at);
    } catch {
      // the store is away: nothing seen this time
    }
  }

  private async lookAtProcesses(at: number): Promise<void> {
    const onWindows = this.windowsAgentId
      ? new Set((await query<{ id: string }>(this.databaseUrl, `SELECT id FROM "Task" WHERE "agentId" = $1`, [this.windowsAgentId])).map((task) => task.id))
      : new Set<string>();
    const groups = new Map<string, Set<number>>();
    for (const found of liveTaskProcesses(this.appPrefix))
      if (!onWindows.has(found.taskId)) groups.set(found.taskId, (groups.get(found.taskId) ?? new Set()).add(found.group));
    for (const [taskId, taskGroups] of groups)
      if (taskGroups.size > 1)
        this.history.sightings.push({ at, invariant: 'task-twice', detail: `task ${taskId}: process groups ${[...taskGroups].join(', ')}` });
  }

  private async run(): Promise<void> {
    while (this.running) {
      await this.look();
      await pause(EVERY_MS);
    }
  }
}

const overCommitted = `
  SELECT a.id AS agent, a.cpus, a.mem, sum(t.cpus) AS used_cpus, sum(t.mem) AS used_mem
  FROM "Agent" a JOIN "Task" t ON t."agentId" = a.id
  WHERE t.state IN ${ACTIVE}
  GROUP BY a.id HAVING sum(t.cpus) > a.cpus + 1e-6 OR sum(t.mem) > a.mem + 1e-6`;

const portsTwice = `
  SELECT t."agentId" AS agent, port, array_agg(t.id) AS tasks
  FROM "Task" t, unnest(t.ports) AS port
  WHERE t.state IN ${ACTIVE} AND t."agentId" IS NOT NULL
  GROUP BY t."agentId", port HAVING count(*) > 1`;

/** Marathon's floor: at least instances x minimumHealthCapacity tasks ready while the old ones are replaced. */
const rolling = `
  SELECT d.id, d."appId" AS app,
    (SELECT count(*) FROM "Task" t WHERE t."appId" = d."appId" AND t.state = 'RUNNING' AND t.ready) AS ready,
    floor((a.spec->>'instances')::float * coalesce((a.spec->'upgradeStrategy'->>'minimumHealthCapacity')::float, 1)) AS required
  FROM "Deployment" d JOIN "App" a ON a.id = d."appId"
  WHERE d.status = 'RUNNING' AND lower(d.kind) IN ('update', 'restart') AND d."appId" LIKE $1 AND a."deletedAt" IS NULL`;
