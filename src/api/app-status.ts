import { launchDelayInForce, specOf } from '../apps/index.ts';
import { describeReasons } from '../scheduler/index.ts';
import type { App, Task } from '../generated/prisma/client.ts';
import { builder } from './builder.ts';

export const AppStatusEnum = builder.enumType('AppStatus', {
  values: {
    RUNNING: { description: 'every instance of the current version runs' },
    DEPLOYING: { description: 'tasks are being started, replaced or stopped' },
    SUSPENDED: { description: 'scaled to 0' },
    WAITING: { description: 'a task found no agent to run on (see queue)' },
    DELAYED: { description: 'launches back off after failures (see queue)' },
  } as const,
});

type StatusInput = Pick<App, 'version' | 'spec' | 'launchDelayUntil' | 'placementFailures'>;

export function appStatus(app: StatusInput, tasks: Pick<Task, 'state' | 'appVersion'>[]): 'RUNNING' | 'DEPLOYING' | 'SUSPENDED' | 'WAITING' | 'DELAYED' {
  const spec = specOf(app);
  if (launchDelayInForce(app)) return 'DELAYED';
  if (app.placementFailures) return 'WAITING';
  const running = tasks.filter((task) => task.state === 'RUNNING' && task.appVersion === app.version).length;
  if (spec.instances === 0 && tasks.length === 0) return 'SUSPENDED';
  return running === spec.instances && tasks.length === spec.instances ? 'RUNNING' : 'DEPLOYING';
}

interface Queue {
  delayedUntil: Date | null;
  reasons: { reason: string; agents: number }[];
  summary: string;
}

export function queueOf(app: Pick<App, 'launchDelayUntil' | 'placementFailures'>): Queue | null {
  const delayed = launchDelayInForce(app);
  const failures = (app.placementFailures ?? null) as Record<string, number> | null;
  if (!delayed && !failures) return null;
  return {
    delayedUntil: delayed,
    reasons: Object.entries(failures ?? {}).map(([reason, agents]) => ({ reason, agents })),
    summary: failures ? describeReasons(failures) : `launch delayed until ${delayed!.toISOString()} after failures`,
  };
}

const PlacementReason = builder.objectRef<Queue['reasons'][number]>('PlacementReason').implement({
  fields: (t) => ({ reason: t.exposeString('reason'), agents: t.exposeInt('agents', { description: 'How many agents were turned away for it' }) }),
});

export const QueueRef = builder.objectRef<Queue>('LaunchQueue').implement({
  description: 'Why tasks of an app are not running yet',
  fields: (t) => ({
    delayedUntil: t.expose('delayedUntil', { type: 'DateTime', nullable: true }),
    reasons: t.field({ type: [PlacementReason], resolve: (queue) => queue.reasons }),
    summary: t.exposeString('summary', { description: '"3 agents lacked memory, 2 agents failed constraint os LIKE windows"' }),
  }),
});
