import type { InputFieldBuilder } from '@pothos/core';
import { builder, type Schema } from './builder.ts';

// The input mirrors Marathon's app JSON field for field, so a Marathon app
// definition file can be sent as it is.

const PortDefinitionInput = builder.inputType('PortDefinitionInput', {
  fields: (t) => ({
    port: t.int({ description: "0 picks a port from the agent's ranges (default)" }),
    protocol: t.string({ description: 'tcp (default), udp or udp,tcp' }),
    name: t.string(),
    labels: t.field({ type: 'JSON' }),
    servicePort: t.int({ description: 'The cluster-wide port of the service proxy; 0 asks for one' }),
  }),
});

const CommandInput = builder.inputType('CommandInput', {
  fields: (t) => ({ value: t.string({ required: true }) }),
});

const HealthCheckInput = builder.inputType('HealthCheckInput', {
  fields: (t) => ({
    protocol: t.string({ description: 'HTTP (default), HTTPS, TCP, COMMAND (or MESOS_HTTP, MESOS_HTTPS, MESOS_TCP), or a protocol a plugin adds' }),
    path: t.string(),
    portIndex: t.int(),
    port: t.int(),
    command: t.field({ type: CommandInput }),
    gracePeriodSeconds: t.float({ description: 'default 300' }),
    intervalSeconds: t.float({ description: 'default 60' }),
    timeoutSeconds: t.float({ description: 'default 20' }),
    maxConsecutiveFailures: t.int({ description: 'default 3; 0 never kills' }),
    delaySeconds: t.float({ description: 'default 15' }),
    ignoreHttp1xx: t.boolean(),
    ipProtocol: t.string({ description: 'IPv4 (default) or IPv6' }),
  }),
});

const ReadinessCheckInput = builder.inputType('ReadinessCheckInput', {
  fields: (t) => ({
    name: t.string(),
    protocol: t.string(),
    path: t.string(),
    portName: t.string(),
    intervalSeconds: t.float(),
    timeoutSeconds: t.float(),
    httpStatusCodesForReady: t.intList(),
    preserveLastResponse: t.boolean(),
  }),
});

const NetworkInput = builder.inputType('NetworkInput', {
  fields: (t) => ({ mode: t.string({ required: true, description: 'host, the only one for processes' }), name: t.string(), labels: t.field({ type: 'JSON' }) }),
});

const FetchInput = builder.inputType('FetchInput', {
  fields: (t) => ({
    uri: t.string({ required: true }),
    executable: t.boolean(),
    extract: t.boolean(),
    cache: t.boolean(),
    destPath: t.string(),
    sha256: t.string(),
  }),
});

const UpgradeStrategyInput = builder.inputType('UpgradeStrategyInput', {
  fields: (t) => ({ minimumHealthCapacity: t.float(), maximumOverCapacity: t.float() }),
});

const UnreachableStrategyInput = builder.inputType('UnreachableStrategyInput', {
  fields: (t) => ({ inactiveAfterSeconds: t.float(), expungeAfterSeconds: t.float() }),
});

/** Every field but id: shared by AppInput (create) and AppUpdateInput (update). */
function definitionFields(t: InputFieldBuilder<Schema, 'InputObject'>) {
  return {
    cmd: t.string({ description: 'Run through the shell (sh -c, cmd.exe /c); exclusive with args' }),
    args: t.stringList({ description: 'Run without a shell; exclusive with cmd' }),
    user: t.string(),
    cpus: t.float({ description: 'default 1' }),
    mem: t.float({ description: 'MiB, default 128' }),
    disk: t.float({ description: 'MiB, default 0' }),
    gpus: t.int(),
    instances: t.int({ description: 'default 1' }),
    env: t.field({ type: 'JSON', description: 'An object of string values, or {"secret": "<name in secrets>"}' }),
    labels: t.field({ type: 'JSON', description: 'An object of string values' }),
    constraints: t.field({
      type: t.listRef(t.listRef('String', { required: true }), { required: true }),
      description: 'Marathon constraints: [["hostname","UNIQUE"], ["os","LIKE","windows"]]',
    }),
    portDefinitions: t.field({ type: [PortDefinitionInput] }),
    ports: t.intList({ description: "Marathon's older form of portDefinitions" }),
    requirePorts: t.boolean(),
    fetch: t.field({ type: [FetchInput] }),
    uris: t.stringList({ description: "Marathon's older form of fetch" }),
    healthChecks: t.field({ type: [HealthCheckInput] }),
    readinessChecks: t.field({ type: [ReadinessCheckInput] }),
    upgradeStrategy: t.field({ type: UpgradeStrategyInput }),
    backoffSeconds: t.float({ description: 'default 1' }),
    backoffFactor: t.float({ description: 'default 1.15' }),
    maxLaunchDelaySeconds: t.float({ description: 'default 300' }),
    taskKillGracePeriodSeconds: t.float({ description: 'default 3' }),
    unreachableStrategy: t.field({ type: UnreachableStrategyInput }),
    killSelection: t.string({ description: 'YOUNGEST_FIRST (default) or OLDEST_FIRST' }),
    dependencies: t.stringList({ description: 'Ids of apps or groups this one needs running first, relative to its group ("mongo", "../db") or absolute' }),
    networks: t.field({ type: [NetworkInput] }),
    container: t.field({ type: 'JSON', description: '{"type": "MESOS"} (no image: a plain command)' }),
    role: t.string(),
    acceptedResourceRoles: t.stringList({ description: 'Only agents declaring one of these roles (corral agent --roles) run the tasks' }),
    check: t.field({ type: 'JSON', description: 'A Mesos check, {"http"|"tcp"|"exec": {...}, "intervalSeconds", ...}: shown, never acted on' }),
    secrets: t.field({ type: 'JSON', description: '{"<name>": {"source": "<secret path>"}}, for env values {"secret": "<name>"}' }),
  };
}

export const AppInput = builder.inputType('AppInput', {
  description: "An app definition, Marathon's app JSON as it is. Omitted fields take Marathon's defaults.",
  fields: (t) => ({
    id: t.string({ required: true, description: 'A path such as /shop/web' }),
    ...definitionFields(t),
  }),
});

export const AppUpdateInput = builder.inputType('AppUpdateInput', {
  description: "The fields to change; the others keep their values (Marathon's partial update)",
  fields: (t) => definitionFields(t),
});
