import { describe, expect, it } from 'vitest';
import { parseAppDefinition, type AppParse } from '../../src/apps/index.ts';

// Marathon's app JSON as its users have it: read back from GET /v2/apps, or
// written with the fields and spellings Marathon takes.

function accepted(input: unknown): Extract<AppParse, { ok: true }> {
  const parsed = parseAppDefinition(input);
  if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.errors)}`);
  return parsed;
}

function problems(input: unknown): Record<string, string> {
  const parsed = parseAppDefinition(input);
  if (parsed.ok) throw new Error('expected the definition to be refused');
  return Object.fromEntries(parsed.errors.map((error) => [error.field, error.message]));
}

/** An app as a running Marathon 1.x answers GET /v2/apps/web: sent back as it is. */
const marathonAnswer = {
  id: '/web',
  backoffFactor: 1.15,
  backoffSeconds: 1,
  cmd: 'python3 -m http.server $PORT0',
  container: { type: 'MESOS', volumes: [] },
  cpus: 0.1,
  disk: 0,
  executor: '',
  instances: 2,
  labels: {},
  maxLaunchDelaySeconds: 300,
  mem: 64,
  gpus: 0,
  networks: [{ mode: 'host' }],
  portDefinitions: [{ port: 10003, protocol: 'tcp', name: 'http', labels: {} }],
  requirePorts: false,
  upgradeStrategy: { maximumOverCapacity: 1, minimumHealthCapacity: 1 },
  version: '2026-11-28T10:00:00.000Z',
  versionInfo: { lastScalingAt: '2026-11-28T10:00:00.000Z', lastConfigChangeAt: '2026-11-28T10:00:00.000Z' },
  killSelection: 'YOUNGEST_FIRST',
  unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 },
  role: '*',
  healthChecks: [
    {
      gracePeriodSeconds: 300,
      intervalSeconds: 60,
      maxConsecutiveFailures: 3,
      portIndex: 0,
      timeoutSeconds: 20,
      delaySeconds: 15,
      protocol: 'HTTP',
      path: '/',
      ipProtocol: 'IPv4',
    },
  ],
  tasksStaged: 0,
  tasksRunning: 2,
  tasksHealthy: 2,
  tasksUnhealthy: 0,
  deployments: [],
  tasks: [{ id: 'web.1', host: 'a1' }],
  lastTaskFailure: null,
  taskStats: {},
  readinessCheckResults: [],
  secrets: {},
  fetch: [],
  constraints: [],
  dependencies: [],
  env: {},
  args: null,
  user: null,
  storeUrls: [],
};

describe('an app definition read back from Marathon', () => {
  it('is taken as it is: read-only fields are ignored without a word', () => {
    const parsed = accepted(marathonAnswer);
    expect(parsed.spec).toMatchObject({ id: '/web', instances: 2, networks: [{ mode: 'host' }], container: { type: 'MESOS' }, role: '*' });
    expect(parsed.spec).not.toHaveProperty('version');
    expect(parsed.spec).not.toHaveProperty('tasksRunning');
    expect(parsed.spec.healthChecks[0]?.ipProtocol).toBe('IPv4');
    // volumes of a Mesos container are not something a process has: said, not stored
    expect(parsed.warnings).toEqual(['container.volumes: ignored: no volumes: a task reads and writes its sandbox']);
  });

  it('ignores unknown fields with a warning naming each, nested ones too', () => {
    const parsed = accepted({ id: '/a', cmd: 'x', colour: 'red', healthChecks: [{ protocol: 'TCP', shape: 'round' }] });
    expect(parsed.warnings.sort()).toEqual(['colour: not a field Corral knows; ignored', 'healthChecks[0].shape: not a field Corral knows; ignored']);
    expect(parsed.spec).not.toHaveProperty('colour');
    expect(parsed.spec.healthChecks[0]).not.toHaveProperty('shape');
  });
});

describe('Marathon fields and spellings', () => {
  it('refuses a Docker image in one message naming container', () => {
    expect(problems({ id: '/a', cmd: 'x', container: { type: 'DOCKER', docker: { image: 'nginx' } } })).toEqual({
      container: expect.stringContaining('not container images'),
    });
    expect(problems({ id: '/a', container: { type: 'MESOS', docker: { image: 'nginx' } } })).toEqual({
      container: expect.stringContaining('not container images'),
    });
  });

  it('refuses networks other than the host', () => {
    expect(problems({ id: '/a', cmd: 'x', networks: [{ mode: 'container/bridge' }] })).toEqual({
      'networks[0].mode': expect.stringContaining('the only mode is "host"'),
    });
  });

  it('takes lower-case operators, CLUSTER on hostname without a value and a GROUP_BY count as a number', () => {
    const parsed = accepted({
      id: '/a',
      cmd: 'x',
      constraints: [
        ['hostname', 'unique'],
        ['hostname', 'CLUSTER'],
        ['rack', 'group_by', 3],
        ['rack', 'Like', 'r.*'],
      ],
    });
    expect(parsed.spec.constraints).toEqual([
      ['hostname', 'UNIQUE'],
      ['hostname', 'CLUSTER'],
      ['rack', 'GROUP_BY', '3'],
      ['rack', 'LIKE', 'r.*'],
    ]);
  });

  it('takes requirePorts with port 0', () => {
    expect(
      accepted({ id: '/a', cmd: 'x', requirePorts: true, portDefinitions: [{ port: 0 }, { port: 8080 }] }).spec.portDefinitions.map((port) => port.port),
    ).toEqual([0, 8080]);
  });

  it('reads a non-zero port as the service port, as marathon-lb does; with requirePorts it is the host port', () => {
    expect(accepted({ id: '/a', cmd: 'x', portDefinitions: [{ port: 10080 }] }).spec.portDefinitions[0]).toMatchObject({ port: 10080, servicePort: 10080 });
    expect(accepted({ id: '/a', cmd: 'x', ports: [10080, 0] }).spec.portDefinitions.map((port) => port.servicePort)).toEqual([10080, undefined]);
    expect(accepted({ id: '/a', cmd: 'x', requirePorts: true, portDefinitions: [{ port: 31080 }] }).spec.portDefinitions[0]?.servicePort).toBeUndefined();
  });

  it('takes unreachableStrategy "disabled", and Marathon\'s expunge of 0', () => {
    expect(accepted({ id: '/a', cmd: 'x', unreachableStrategy: 'disabled' }).spec.unreachableStrategy).toBe('disabled');
    expect(accepted({ id: '/a', cmd: 'x', unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 } }).spec.unreachableStrategy).toEqual({
      inactiveAfterSeconds: 0,
      expungeAfterSeconds: 0,
    });
    expect(problems({ id: '/a', cmd: 'x', unreachableStrategy: 'sometimes' })).toEqual({ unreachableStrategy: expect.stringContaining('"disabled"') });
    expect(problems({ id: '/a', cmd: 'x', unreachableStrategy: { inactiveAfterSeconds: 60, expungeAfterSeconds: 30 } })).toHaveProperty([
      'unreachableStrategy.expungeAfterSeconds',
    ]);
  });

  it("resolves dependencies against the app's group, and takes groups and apps not created yet", () => {
    const parsed = accepted({ id: '/shop/web', cmd: 'x', dependencies: ['mongo', '../db', '/cache', './queue', 'backend'] });
    expect(parsed.spec.dependencies).toEqual(['/shop/mongo', '/db', '/cache', '/shop/queue', '/shop/backend']);
    expect(problems({ id: '/a', cmd: 'x', dependencies: ['../../up'] })).toHaveProperty(['dependencies[0]']);
  });

  it('takes roles, a Mesos check and secrets referenced from env', () => {
    const parsed = accepted({
      id: '/a',
      cmd: 'x',
      role: 'slave_public',
      acceptedResourceRoles: ['slave_public', '*'],
      check: { http: { portIndex: 0, path: '/ping' } },
      secrets: { dbpass: { source: '/shop/db-password' } },
      env: { PLAIN: 'v', DB_PASSWORD: { secret: 'dbpass' } },
    });
    expect(parsed.spec).toMatchObject({
      role: 'slave_public',
      acceptedResourceRoles: ['slave_public', '*'],
      check: { http: { portIndex: 0, path: '/ping' }, intervalSeconds: 60, timeoutSeconds: 20, delaySeconds: 15 },
      env: { PLAIN: 'v', DB_PASSWORD: { secret: 'dbpass' } },
    });
  });

  it('refuses a secret reference to no declared secret, and a check that is not one kind', () => {
    expect(problems({ id: '/a', cmd: 'x', env: { P: { secret: 'nope' } } })).toEqual({
      'env.P.secret': expect.stringContaining('"nope" is not a name in secrets'),
    });
    expect(problems({ id: '/a', cmd: 'x', check: { intervalSeconds: 5 } })).toEqual({ check: expect.stringContaining('exactly one of http, tcp or exec') });
    expect(problems({ id: '/a', cmd: 'x', env: { P: 5 } })).toEqual({ 'env.P': 'must be a string, or {"secret": "<name in secrets>"}' });
  });
});
