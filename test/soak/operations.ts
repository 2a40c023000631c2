import { fileURLToPath } from 'node:url';
import {
  ActivateAgentDocument,
  AppTasksDocument,
  CreateAppDocument,
  DeleteAppDocument,
  DrainAgentDocument,
  type GatewayClient,
  InstallPackageDocument,
  KillTasksDocument,
  RestartAppDocument,
  ScaleAppDocument,
  UninstallPackageDocument,
  UpdateAppDocument,
  type AppInput,
} from '../../src/client/index.ts';
import { windowsPath } from '../helpers/wine.ts';
import type { OperationKind, Outcome } from './history.ts';
import { WINDOWS_ROLE } from './windows.ts';

const server = fileURLToPath(new URL('../fixtures/tasks/http-server.cjs', import.meta.url));
/** A request not answered in this time has an unknown outcome (its gateway may be stopped). */
const ANSWER_WITHIN_MS = 30_000;

/** What one mutation came to: the checker's evidence. */
export interface Answer {
  outcome: Outcome;
  answer: string;
  version?: number;
}

/** An app of the workload: an HTTP server whose readiness and health are checked, rolled over half at a time. */
export function appInput(id: string, instances: number): AppInput {
  return {
    id,
    args: [process.execPath, server],
    instances,
    cpus: 0.1,
    mem: 32,
    portDefinitions: [{ port: 0, name: 'http' }],
    healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, gracePeriodSeconds: 15, intervalSeconds: 2, timeoutSeconds: 2, maxConsecutiveFailures: 3 }],
    readinessChecks: [{ path: '/', portName: 'http', intervalSeconds: 1, timeoutSeconds: 2 }],
    upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.5 },
    unreachableStrategy: { inactiveAfterSeconds: 5, expungeAfterSeconds: 120 },
  };
}

/**
 * The same app for the Windows agent: node.exe runs the fixture, on the one
 * agent offering the Windows role; Wine starts it slowly, so its checks wait longer.
 */
export function windowsAppInput(id: string, instances: number, nodeExe: string): AppInput {
  const linux = appInput(id, instances);
  return {
    ...linux,
    args: [nodeExe, windowsPath(server)],
    acceptedResourceRoles: [WINDOWS_ROLE],
    healthChecks: linux.healthChecks!.map((check) => ({ ...check, gracePeriodSeconds: 60 })),
  };
}

/** The answer, or a failure once ANSWER_WITHIN_MS passed (a frozen gateway holds a request for ever). */
function inAnswerTime<T>(answer: Promise<T>): Promise<T> {
  return Promise.race([
    answer,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ANSWER_WITHIN_MS} ms`)), ANSWER_WITHIN_MS).unref()),
  ]);
}

/** Sends one mutation and says what came of it: a success, a refusal (any other answer), or unknown (no answer). */
async function answered(
  send: () => Promise<{ __typename: string; data?: unknown }>,
  versionOf: (data: never) => number | undefined = () => undefined,
): Promise<Answer> {
  try {
    const result = await inAnswerTime(send());
    if (!result.__typename.endsWith('Success')) return { outcome: 'refused', answer: result.__typename };
    const version = versionOf(result.data as never);
    return { outcome: 'acknowledged', answer: result.__typename, ...(version !== undefined && { version }) };
  } catch (error) {
    return { outcome: 'unknown', answer: (error as Error).message.slice(0, 200) };
  }
}

type AppData = { app: { version: number } };

/** The operator's mutations, each against the gateway it is given. */
export const mutations = {
  create: (client: GatewayClient, input: AppInput) =>
    answered(
      async () => (await client.request(CreateAppDocument, { input })).createApp,
      (data: AppData) => data.app.version,
    ),
  scale: (client: GatewayClient, id: string, instances: number) =>
    answered(
      async () => (await client.request(ScaleAppDocument, { id, instances })).scaleApp,
      (data: AppData) => data.app.version,
    ),
  update: (client: GatewayClient, id: string, env: Record<string, string>, mem = 32) =>
    answered(
      async () => (await client.request(UpdateAppDocument, { id, input: { env, mem } })).updateApp,
      (data: AppData) => data.app.version,
    ),
  restart: (client: GatewayClient, id: string) =>
    answered(
      async () => (await client.request(RestartAppDocument, { id })).restartApp,
      (data: AppData) => data.app.version,
    ),
  delete: (client: GatewayClient, id: string) => answered(async () => (await client.request(DeleteAppDocument, { id })).deleteApp),
  killTask: (client: GatewayClient, taskId: string) =>
    answered(async () => (await client.request(KillTasksDocument, { ids: [taskId], scale: false })).killTasks),
  drain: (client: GatewayClient, id: string) => answered(async () => (await client.request(DrainAgentDocument, { id })).drainAgent),
  activate: (client: GatewayClient, id: string) => answered(async () => (await client.request(ActivateAgentDocument, { id })).activateAgent),
  install: (client: GatewayClient, appId: string) =>
    answered(
      async () => (await client.request(InstallPackageDocument, { name: 'node-hello', appId, options: { instances: 1 } })).installPackage,
      (data: { apps: AppData[] }) => data.apps[0]?.app.version,
    ),
  uninstall: (client: GatewayClient, appId: string) => answered(async () => (await client.request(UninstallPackageDocument, { appId })).uninstallPackage),
} satisfies Record<string, (client: GatewayClient, ...args: never[]) => Promise<Answer>>;

/** A running task of the app, to kill; none when the app has none (or cannot be read now). */
export async function runningTaskOf(client: GatewayClient, appId: string): Promise<string | undefined> {
  try {
    const tasks = (await inAnswerTime(client.request(AppTasksDocument, { id: appId }))).app?.tasks.nodes ?? [];
    return tasks.find((task) => task.state === 'RUNNING')?.id;
  } catch {
    return undefined;
  }
}

export type { OperationKind };
