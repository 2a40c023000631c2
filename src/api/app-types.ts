import type { AppSpec, FetchUri, HealthCheck, PortDefinition, ReadinessCheck, UnreachableStrategy } from '../apps/index.ts';
import { builder } from './builder.ts';

// The typed view of a stored definition. `definition` on App holds it whole.

const PortDefinitionRef = builder.objectRef<PortDefinition>('PortDefinition').implement({
  fields: (t) => ({
    port: t.exposeInt('port'),
    protocol: t.exposeString('protocol'),
    name: t.exposeString('name', { nullable: true }),
    labels: t.field({ type: 'JSON', resolve: (port) => port.labels }),
    servicePort: t.exposeInt('servicePort', { nullable: true }),
  }),
});

const HealthCheckRef = builder.objectRef<HealthCheck>('HealthCheck').implement({
  fields: (t) => ({
    protocol: t.exposeString('protocol'),
    path: t.exposeString('path', { nullable: true }),
    portIndex: t.exposeInt('portIndex', { nullable: true }),
    port: t.exposeInt('port', { nullable: true }),
    command: t.string({ nullable: true, resolve: (check) => check.command?.value }),
    gracePeriodSeconds: t.exposeFloat('gracePeriodSeconds'),
    intervalSeconds: t.exposeFloat('intervalSeconds'),
    timeoutSeconds: t.exposeFloat('timeoutSeconds'),
    maxConsecutiveFailures: t.exposeInt('maxConsecutiveFailures'),
    delaySeconds: t.exposeFloat('delaySeconds'),
    ignoreHttp1xx: t.exposeBoolean('ignoreHttp1xx'),
    ipProtocol: t.exposeString('ipProtocol', { nullable: true }),
  }),
});

const ReadinessCheckRef = builder.objectRef<ReadinessCheck>('ReadinessCheck').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    protocol: t.exposeString('protocol'),
    path: t.exposeString('path'),
    portName: t.exposeString('portName', { nullable: true }),
    intervalSeconds: t.exposeFloat('intervalSeconds'),
    timeoutSeconds: t.exposeFloat('timeoutSeconds'),
    httpStatusCodesForReady: t.exposeIntList('httpStatusCodesForReady'),
  }),
});

const FetchUriRef = builder.objectRef<FetchUri>('FetchUri').implement({
  fields: (t) => ({
    uri: t.exposeString('uri'),
    executable: t.exposeBoolean('executable'),
    extract: t.exposeBoolean('extract'),
    cache: t.exposeBoolean('cache'),
    destPath: t.exposeString('destPath', { nullable: true }),
    sha256: t.exposeString('sha256', { nullable: true }),
  }),
});

const UpgradeStrategyRef = builder.objectRef<AppSpec['upgradeStrategy']>('UpgradeStrategy').implement({
  fields: (t) => ({
    minimumHealthCapacity: t.exposeFloat('minimumHealthCapacity'),
    maximumOverCapacity: t.exposeFloat('maximumOverCapacity'),
  }),
});

const UnreachableStrategyRef = builder.objectRef<UnreachableStrategy>('UnreachableStrategy').implement({
  fields: (t) => ({
    inactiveAfterSeconds: t.exposeFloat('inactiveAfterSeconds'),
    expungeAfterSeconds: t.exposeFloat('expungeAfterSeconds'),
  }),
});

/** An object type whose fields read a stored AppSpec (App and AppVersion both have one). */
export const AppDefinitionRef = builder.objectRef<AppSpec>('AppDefinition').implement({
  description: 'An app definition with every default filled in',
  fields: (t) => ({
    id: t.exposeID('id'),
    cmd: t.exposeString('cmd', { nullable: true }),
    args: t.exposeStringList('args', { nullable: true }),
    user: t.exposeString('user', { nullable: true }),
    cpus: t.exposeFloat('cpus'),
    mem: t.exposeFloat('mem'),
    disk: t.exposeFloat('disk'),
    gpus: t.exposeInt('gpus'),
    instances: t.exposeInt('instances'),
    env: t.field({ type: 'JSON', resolve: (spec) => spec.env }),
    labels: t.field({ type: 'JSON', resolve: (spec) => spec.labels }),
    constraints: t.field({
      type: t.listRef(t.listRef('String')),
      resolve: (spec) => spec.constraints.map((constraint) => constraint.filter((part) => part !== undefined)),
    }),
    portDefinitions: t.field({ type: [PortDefinitionRef], resolve: (spec) => spec.portDefinitions }),
    requirePorts: t.exposeBoolean('requirePorts'),
    fetch: t.field({ type: [FetchUriRef], resolve: (spec) => spec.fetch }),
    healthChecks: t.field({ type: [HealthCheckRef], resolve: (spec) => spec.healthChecks }),
    readinessChecks: t.field({ type: [ReadinessCheckRef], resolve: (spec) => spec.readinessChecks }),
    upgradeStrategy: t.field({ type: UpgradeStrategyRef, resolve: (spec) => spec.upgradeStrategy }),
    backoffSeconds: t.exposeFloat('backoffSeconds'),
    backoffFactor: t.exposeFloat('backoffFactor'),
    maxLaunchDelaySeconds: t.exposeFloat('maxLaunchDelaySeconds'),
    taskKillGracePeriodSeconds: t.exposeFloat('taskKillGracePeriodSeconds'),
    unreachableStrategy: t.field({
      type: UnreachableStrategyRef,
      nullable: true,
      description: 'null when "disabled": unreachable tasks wait for their agent, never replaced nor expunged',
      resolve: (spec) => (spec.unreachableStrategy === 'disabled' ? null : spec.unreachableStrategy),
    }),
    killSelection: t.exposeString('killSelection'),
    dependencies: t.exposeStringList('dependencies', { description: 'Absolute ids of apps or groups, deployed first' }),
    networks: t.field({ type: 'JSON', nullable: true, resolve: (spec) => spec.networks }),
    container: t.field({ type: 'JSON', nullable: true, resolve: (spec) => spec.container }),
    role: t.exposeString('role', { nullable: true }),
    acceptedResourceRoles: t.exposeStringList('acceptedResourceRoles', { nullable: true }),
    check: t.field({
      type: 'JSON',
      nullable: true,
      description: 'A Mesos check: its result is shown on each task, never acted on',
      resolve: (spec) => spec.check,
    }),
    secrets: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Names for secrets of the store, by path (their values are never shown)',
      resolve: (spec) => spec.secrets,
    }),
    json: t.field({ type: 'JSON', description: 'The whole definition as Marathon app JSON', resolve: (spec) => spec }),
  }),
});
