import { isIP } from 'node:net';
import type { AppSpec } from '../apps/index.ts';
import type { Event } from '../generated/prisma/client.ts';
import { definitionJson } from './app-json.ts';
import type { DeploymentFacts, EventLookups } from './event-lookups.ts';

/** One event as Marathon's /v2/events sends it: `eventType` and `timestamp` and its own fields. */
export interface MarathonEvent {
  eventType: string;
  timestamp: string;
  [field: string]: unknown;
}

/** Which of Corral's event types each Marathon event type is made from. */
const SOURCES: Record<string, string[]> = {
  status_update_event: ['task.placed', 'task.status', 'task.killing'],
  instance_changed_event: ['task.placed', 'task.status', 'task.killing'],
  health_status_changed_event: ['task.health'],
  instance_health_changed_event: ['task.health'],
  api_post_event: ['app.created', 'app.updated', 'app.scaled', 'app.rolledback'],
  deployment_info: ['deployment.started', 'deployment.step'],
  deployment_step_success: ['deployment.step'],
  deployment_step_failure: ['deployment.superseded', 'deployment.canceled'],
  deployment_success: ['deployment.succeeded'],
  deployment_failed: ['deployment.superseded', 'deployment.canceled'],
  app_terminated_event: ['deployment.succeeded'],
};

/** The Marathon event types made from the log (event_stream_attached and _detached are the stream's own). */
export const loggedEventTypes = Object.keys(SOURCES);

/** The log's event types to read for these Marathon types (all of them when none is asked for). */
export function sourceTypes(marathonTypes: string[]): string[] {
  const asked = marathonTypes.length === 0 ? loggedEventTypes : marathonTypes;
  return [...new Set(asked.flatMap((type) => SOURCES[type] ?? []))];
}

type Payload = Record<string, unknown>;
/** An event before its timestamp (the time of the log event it comes from) is set */
type Unstamped = { eventType: string } & Record<string, unknown>;

/** Marathon's events for one event of the log (none for what Marathon has no event for). */
export function marathonEventsOf(event: Event, lookups: EventLookups): MarathonEvent[] {
  const payload = (event.payload ?? {}) as Payload;
  const timestamp = event.createdAt.toISOString();
  const stamp = (events: Unstamped[]): MarathonEvent[] => events.map((made) => ({ ...made, timestamp }));
  switch (event.type) {
    case 'task.placed':
      return stamp(taskChanged(event, lookups, 'STAGING', ''));
    case 'task.status':
      return stamp(taskChanged(event, lookups, String(payload.state), String(payload.message ?? '')));
    case 'task.killing':
      return stamp(taskChanged(event, lookups, 'KILLING', String(payload.reason ?? '')));
    case 'task.health':
      return stamp(healthChanged(event, lookups));
    case 'app.created':
    case 'app.updated':
    case 'app.scaled':
    case 'app.rolledback':
      return stamp([apiPost(event, lookups)]);
    default:
      return event.type.startsWith('deployment.') ? stamp(deploymentEvents(event, lookups)) : [];
  }
}

const versionTime = (event: Event, lookups: EventLookups, appId: string, version: number) =>
  (lookups.version(appId, version)?.createdAt ?? event.createdAt).toISOString();

/** Marathon's instance conditions for Mesos' task states (LOST has none of its own: Unknown). */
const CONDITIONS: Record<string, string> = {
  STAGING: 'Staging',
  STARTING: 'Starting',
  RUNNING: 'Running',
  KILLING: 'Killing',
  FINISHED: 'Finished',
  FAILED: 'Failed',
  KILLED: 'Killed',
  LOST: 'Unknown',
  UNREACHABLE: 'Unreachable',
  GONE: 'Gone',
  ERROR: 'Error',
};

/** A task's new state: status_update_event (Mesos' TASK_ names) and instance_changed_event (a Corral task is one instance). */
function taskChanged(event: Event, lookups: EventLookups, state: string, message: string): Unstamped[] {
  const payload = (event.payload ?? {}) as Payload;
  const taskId = String(payload.taskId ?? event.subject);
  const place = lookups.task(taskId);
  const appId = String(payload.appId ?? place?.appId);
  const host = String(payload.host ?? place?.host ?? '');
  const agentId = String(payload.agentId ?? place?.agentId ?? '');
  const version = versionTime(event, lookups, appId, Number(payload.version ?? place?.appVersion));
  return [
    {
      eventType: 'status_update_event',
      slaveId: agentId,
      taskId,
      taskStatus: `TASK_${state}`,
      message,
      appId,
      host,
      ipAddresses: isIP(host) ? [{ ipAddress: host, protocol: isIP(host) === 6 ? 'IPv6' : 'IPv4' }] : [],
      ports: (payload.ports as number[] | undefined) ?? place?.ports ?? [],
      version,
    },
    {
      eventType: 'instance_changed_event',
      instanceId: taskId,
      condition: CONDITIONS[state] ?? 'Unknown',
      runSpecId: appId,
      agentId,
      host,
      runSpecVersion: version,
    },
  ];
}

/**
 * health_status_changed_event when the task turns alive or not (as Marathon:
 * a first failure leaves it not alive, so says nothing), and
 * instance_health_changed_event when its health is first known or changes.
 */
function healthChanged(event: Event, lookups: EventLookups): Unstamped[] {
  const payload = (event.payload ?? {}) as Payload;
  const taskId = String(payload.taskId ?? event.subject);
  const appId = String(payload.appId);
  const place = lookups.task(taskId);
  const version = versionTime(event, lookups, appId, Number(place?.appVersion));
  const healthy = (health: unknown) => (health === 'HEALTHY' ? true : health === 'UNHEALTHY' ? false : null);
  const made: Unstamped[] = [];
  if ((payload.health === 'HEALTHY') !== (payload.previousHealth === 'HEALTHY')) {
    made.push({ eventType: 'health_status_changed_event', appId, taskId, instanceId: taskId, version, alive: payload.health === 'HEALTHY' });
  }
  if (healthy(payload.health) !== healthy(payload.previousHealth)) {
    made.push({ eventType: 'instance_health_changed_event', instanceId: taskId, runSpecId: appId, healthy: healthy(payload.health), runSpecVersion: version });
  }
  return made;
}

/** Marathon's app JSON of a stored definition (as GET /v2/apps shows it); `version` is when it was made. */
function appDefinition(spec: AppSpec, createdAt: Date): Record<string, unknown> {
  return { ...definitionJson(spec), version: createdAt.toISOString() };
}

/**
 * api_post_event for a change of an app's definition through the API. The log
 * does not keep who asked: clientIp is empty, and `uri` is the REST path that
 * makes such a change.
 */
function apiPost(event: Event, lookups: EventLookups): Unstamped {
  const payload = (event.payload ?? {}) as Payload;
  const appId = event.subject ?? '';
  const stored = lookups.version(appId, Number(payload.toVersion ?? payload.version));
  return {
    eventType: 'api_post_event',
    clientIp: '',
    uri: event.type === 'app.created' ? '/v2/apps' : `/v2/apps${appId}`,
    appDefinition: stored ? appDefinition(stored.spec, stored.createdAt) : { id: appId },
  };
}

function deploymentEvents(event: Event, lookups: EventLookups): Unstamped[] {
  const facts = event.subject ? lookups.deployment(event.subject) : undefined;
  if (!facts) return [];
  const payload = (event.payload ?? {}) as Payload;
  const plan = planOf(facts, lookups);
  const step = (index: number) => ({ actions: plan.steps[index]?.actions ?? [] });
  switch (event.type) {
    case 'deployment.started':
      return [{ eventType: 'deployment_info', plan, currentStep: step(0) }];
    case 'deployment.step': {
      // Emitted when a step starts running too: only a step done is news, and the one after it.
      const done = Number(payload.stepsDone ?? 0);
      if (done === 0) return [];
      const made: Unstamped[] = [{ eventType: 'deployment_step_success', plan, currentStep: step(done - 1) }];
      if (done < plan.steps.length) made.push({ eventType: 'deployment_info', plan, currentStep: step(done) });
      return made;
    }
    case 'deployment.succeeded':
      return [
        { eventType: 'deployment_success', id: facts.id, plan },
        ...(facts.kind === 'DELETE' ? [{ eventType: 'app_terminated_event', appId: facts.appId }] : []),
      ];
    case 'deployment.superseded':
    case 'deployment.canceled': {
      const reason =
        event.type === 'deployment.superseded'
          ? 'superseded by a newer deployment of the app'
          : payload.force
            ? 'canceled with force'
            : 'canceled: the app is reverted';
      const failedStep = facts.unfinishedStep >= 0 ? [{ eventType: 'deployment_step_failure', plan, currentStep: step(facts.unfinishedStep) }] : [];
      return [...failedStep, { eventType: 'deployment_failed', id: facts.id, plan, reason }];
    }
    default:
      return [];
  }
}

/**
 * Marathon's deployment plan: id, steps, version, and (as Marathon 1.x sent
 * them, and python-marathon still reads them) `original` and `target`, the
 * root group before and after, holding the app the deployment changes.
 */
function planOf(facts: DeploymentFacts, lookups: EventLookups) {
  const group = (version: number | null, withApp: boolean) => {
    const stored = version === null ? undefined : lookups.version(facts.appId, version);
    const apps = withApp && stored ? [appDefinition(stored.spec, stored.createdAt)] : [];
    return { id: '/', apps, groups: [], pods: [], dependencies: [], version: stored?.createdAt.toISOString() ?? facts.marathon.version };
  };
  return {
    id: facts.id,
    steps: facts.marathon.steps.map((step) => ({ actions: step.actions.map(({ action, app }) => ({ action, app })) })),
    version: facts.marathon.version,
    original: group(facts.fromVersion, facts.fromVersion !== null),
    target: group(facts.toVersion, facts.kind !== 'DELETE'),
  };
}
