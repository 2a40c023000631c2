import { PROTOCOL_NAME } from '../plugins/index.ts';
import { constraintOperators } from './spec.ts';

// The shape of an app definition with Marathon's defaults. ajv applies the
// defaults and reports shape errors; rules across fields live in rules.ts.

const stringMap = { type: 'object', additionalProperties: { type: 'string' }, default: {} } as const;
const seconds = (fallback: number) => ({ type: 'number', minimum: 0, default: fallback }) as const;

const portDefinition = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 0 },
    protocol: { enum: ['tcp', 'udp', 'udp,tcp'], default: 'tcp' },
    name: { type: 'string', pattern: '^[a-z0-9-]+$' },
    labels: stringMap,
    servicePort: { type: 'integer', minimum: 0, maximum: 65535 },
  },
} as const;

const healthCheck = {
  type: 'object',
  additionalProperties: false,
  properties: {
    // Any name a plugin may add; an agent without the plugin reports the task UNHEALTHY with a cause saying so.
    protocol: { type: 'string', pattern: PROTOCOL_NAME.source, default: 'HTTP' },
    path: { type: 'string' },
    portIndex: { type: 'integer', minimum: 0 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    command: {
      type: 'object',
      additionalProperties: false,
      required: ['value'],
      properties: { value: { type: 'string', minLength: 1 } },
    },
    gracePeriodSeconds: seconds(300),
    intervalSeconds: { type: 'number', exclusiveMinimum: 0, default: 60 },
    timeoutSeconds: { type: 'number', exclusiveMinimum: 0, default: 20 },
    maxConsecutiveFailures: { type: 'integer', minimum: 0, default: 3 },
    delaySeconds: seconds(15),
    ignoreHttp1xx: { type: 'boolean', default: false },
  },
} as const;

const readinessCheck = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', default: 'readinessCheck' },
    protocol: { enum: ['HTTP', 'HTTPS'], default: 'HTTP' },
    path: { type: 'string', default: '/' },
    portName: { type: 'string', default: 'http-api' },
    intervalSeconds: { type: 'number', exclusiveMinimum: 0, default: 30 },
    timeoutSeconds: { type: 'number', exclusiveMinimum: 0, default: 10 },
    httpStatusCodesForReady: {
      type: 'array',
      items: { type: 'integer', minimum: 100, maximum: 599 },
      minItems: 1,
      default: [200],
    },
    preserveLastResponse: { type: 'boolean', default: false },
  },
} as const;

const fetchUri = {
  type: 'object',
  additionalProperties: false,
  required: ['uri'],
  properties: {
    uri: { type: 'string', minLength: 1 },
    executable: { type: 'boolean', default: false },
    extract: { type: 'boolean', default: true },
    cache: { type: 'boolean', default: false },
    destPath: { type: 'string' },
    sha256: { type: 'string', pattern: '^[a-f0-9]{64}$' },
  },
} as const;

export const appDefinitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    cmd: { type: 'string', minLength: 1 },
    args: { type: 'array', items: { type: 'string' }, minItems: 1 },
    user: { type: 'string', minLength: 1 },
    cpus: { type: 'number', minimum: 0, default: 1 },
    mem: { type: 'number', minimum: 0, default: 128 },
    disk: { type: 'number', minimum: 0, default: 0 },
    gpus: { type: 'integer', minimum: 0, default: 0 },
    instances: { type: 'integer', minimum: 0, default: 1 },
    env: stringMap,
    labels: stringMap,
    constraints: {
      type: 'array',
      default: [],
      items: {
        type: 'array',
        minItems: 2,
        maxItems: 3,
        items: [{ type: 'string', minLength: 1 }, { enum: constraintOperators }, { type: 'string' }],
      },
    },
    portDefinitions: { type: 'array', items: portDefinition },
    ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 } },
    requirePorts: { type: 'boolean', default: false },
    fetch: { type: 'array', items: fetchUri },
    uris: { type: 'array', items: { type: 'string', minLength: 1 } },
    healthChecks: { type: 'array', items: healthCheck, default: [] },
    readinessChecks: { type: 'array', items: readinessCheck, default: [] },
    upgradeStrategy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        minimumHealthCapacity: { type: 'number', minimum: 0, maximum: 1, default: 1 },
        maximumOverCapacity: { type: 'number', minimum: 0, maximum: 1, default: 1 },
      },
    },
    backoffSeconds: seconds(1),
    backoffFactor: { type: 'number', minimum: 1, default: 1.15 },
    maxLaunchDelaySeconds: seconds(300),
    taskKillGracePeriodSeconds: seconds(3),
    unreachableStrategy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        inactiveAfterSeconds: seconds(0),
        expungeAfterSeconds: seconds(0),
      },
    },
    killSelection: { enum: ['YOUNGEST_FIRST', 'OLDEST_FIRST'], default: 'YOUNGEST_FIRST' },
    dependencies: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
  },
} as const;
