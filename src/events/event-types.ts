import type { Prisma } from '../generated/prisma/client.ts';
import type { AgentState, OperatingSystem, TaskHealth, TaskState } from '../generated/prisma/enums.ts';

type Json = Prisma.InputJsonValue;

/** What a task.status event says: the task's new state as the store has it, and the one before. */
export interface TaskStatusPayload {
  taskId: string;
  appId: string;
  agentId: string | null;
  state: TaskState;
  previousState: TaskState;
  health?: TaskHealth;
  message?: string | null;
  exitCode?: number;
}

export interface TaskHealthPayload {
  taskId: string;
  appId: string;
  agentId: string;
  health: TaskHealth;
  previousHealth: TaskHealth;
  cause: string | null;
  ready: boolean;
  previousReady: boolean;
}

interface AppVersionPayload {
  fromVersion: number;
  toVersion: number;
  instances: number;
}

interface DeploymentPayload {
  deploymentId: string;
  appId: string;
}

/**
 * Every event the log holds, by type (dotted, past tense), with its payload.
 * Writers emit these and readers (the control loop, the feed's filters, the
 * subscriptions, Marathon's event stream) read them: one definition for both.
 */
export interface EventPayloads {
  'app.created': { version: number };
  'app.updated': AppVersionPayload;
  'app.scaled': AppVersionPayload;
  'app.restarted': AppVersionPayload;
  'app.rolledback': AppVersionPayload;
  'app.deleted': { version: number };
  'app.waiting': { appId: string; unplaced: number; reasons: Record<string, number>; summary: string };
  'app.delayed': { appId: string; delaySeconds: number; until: string };
  'app.delayReset': { appId: string };
  'task.placed': { taskId: string; appId: string; agentId: string | null; host: string | null; ports: number[]; version: number };
  'task.killing': { taskId: string; appId: string; agentId: string | null; reason: string };
  'task.status': TaskStatusPayload;
  'task.health': TaskHealthPayload;
  'task.check': { taskId: string; appId: string; agentId: string; check: Json | null };
  'deployment.started': DeploymentPayload & { kind: string; fromVersion: number | null; toVersion: number; steps: number };
  'deployment.step': DeploymentPayload & { stepsDone: number; steps: number };
  'deployment.succeeded': DeploymentPayload & { version: number };
  'deployment.superseded': DeploymentPayload;
  'deployment.canceled': DeploymentPayload & { force: boolean };
  'agent.registered': { agentId: string; hostname: string; os: OperatingSystem; previousState: AgentState | null };
  'agent.reregistered': { agentId: string; hostname: string; os: OperatingSystem; previousState: AgentState | null };
  'agent.unreachable': { agentId: string };
  'agent.reachable': { agentId: string; hostname: string };
  'agent.drain': { agentId: string; hostname: string };
  'agent.activated': { agentId: string; hostname: string };
  'package.installed': { name: string; version: string; repository: string; apps: string[] };
  'package.upgraded': { name: string; fromVersion: string; toVersion: string; apps: string[]; removedApps: string[] };
  'package.uninstalled': { name: string; version: string; apps: string[] };
  'catalog.repository.added': { uri: string };
  'catalog.repository.removed': { uri: string };
  'secret.created': { path: string };
  'secret.updated': { path: string };
  'secret.deleted': { path: string };
  'token.created': { tokenId: string; name: string; role: string };
  'token.revoked': { tokenId: string; name: string; role: string };
}

export type EventType = keyof EventPayloads;

/** An event to write: its type decides its payload's shape. */
export type NewEvent = { [Type in EventType]: { type: Type; subject?: string; payload: EventPayloads[Type] } }[EventType];

/** A stored event's payload, if the event is of `type`. */
export function payloadOf<Type extends EventType>(event: { type: string; payload: unknown }, type: Type): EventPayloads[Type] | undefined {
  return event.type === type ? (event.payload as EventPayloads[Type]) : undefined;
}

/** The one way a task.killing event is made: the gateway ordered a kill (an operator, a deployment, a scale-down). */
export function taskKillingEvent(payload: EventPayloads['task.killing']): NewEvent {
  return { type: 'task.killing', subject: payload.taskId, payload };
}

/** The one way a task.status event is made: every place a task's state changes says the same things. */
export function taskStatusEvent(payload: TaskStatusPayload): NewEvent {
  return { type: 'task.status', subject: payload.taskId, payload };
}
