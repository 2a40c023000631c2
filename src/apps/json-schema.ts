import { PROTOCOL_NAME } from '../plugin-api/index.ts';
import { constraintOperators } from './spec.ts';

// The shape of an app definition with Marathon's defaults. ajv applies the
// defaults and reports shape errors; rules across fields live in rules.ts.

const stringMap = { type: 'object', additionalProperties: { type: 'string' }, default: {} } as const;
const secretReference = {
  type: 'object',
  additionalProperties: false,
  required: ['secret'],
  properties: { secret: { type: 'string', minLength: 1 } },
} as const;
const envMap = { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, secretReference] }, default: {} } as const;
const portIndexOrPort = {
  portIndex: { type: 'integer', minimum: 0 },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
} as const;
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
    ipProtocol: { enum: ['IPv4', 'IPv6'] },
  },
} as const;

/** Mesos' checks as Marathon takes them: one of http, tcp or exec (rules.ts). */
const check = {
  type: 'object',
  additionalProperties: false,
  properties: {
    http: {
      type: 'object',
      additionalProperties: false,
      properties: { ...portIndexOrPort, path: { type: 'string', pattern: '^/' }, scheme: { enum: ['HTTP', 'HTTPS'] } },
    },
    tcp: { type: 'object', additionalProperties: false, properties: portIndexOrPort },
    exec: {
      type: 'object',
      additionalProperties: false,
      required: ['command'],
      properties: {
        command: {
          type: 'object',
          additionalProperties: false,
          properties: { shell: { type: 'string', minLength: 1 }, argv: { type: 'array', items: { type: 'string' }, minItems: 1 } },
        },
      },
    },
    intervalSeconds: { type: 'number', exclusiveMinimum: 0, default: 60 },
    timeoutSeconds: { type: 'number', exclusiveMinimum: 0, default: 20 },
    delaySeconds: seconds(15),
  },
} as const;

const network = {
  type: 'object',
  additionalProperties: false,
  required: ['mode'],
  properties: { mode: { type: 'string' }, name: { type: 'string' }, labels: stringMap },
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
    env: envMap,
    labels: stringMap,
    constraints: {
      type: 'array',
      default: [],
      items: {
        type: 'array',
        minItems: 2,
        maxItems: 3,
        items: [{ type: 'string', minLength: 1 }, { enum: constraintOperators }, { type: 'string' }],
        additionalItems: false,
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
    // "disabled" is taken out before the shape is checked (parse.ts): ajv fills no defaults inside oneOf.
    unreachableStrategy: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        // Corral replaces an unreachable task at once (Marathon waits 300 s): its agents are called unreachable after --unreachable-after (15 s), not after Mesos' minutes.
        inactiveAfterSeconds: seconds(0),
        expungeAfterSeconds: seconds(600),
      },
    },
    killSelection: { enum: ['YOUNGEST_FIRST', 'OLDEST_FIRST'], default: 'YOUNGEST_FIRST' },
    dependencies: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    networks: { type: 'array', items: network },
    // Only Mesos' container without an image: a plain command (parse.ts refuses images).
    container: { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'MESOS' } } },
    role: { type: 'string', minLength: 1 },
    acceptedResourceRoles: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    check,
    secrets: {
      type: 'object',
      additionalProperties: { type: 'object', additionalProperties: false, required: ['source'], properties: { source: { type: 'string', minLength: 1 } } },
    },
  },
} as const;
