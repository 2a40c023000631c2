import { Ajv, type ErrorObject } from 'ajv';
import type { PollRequest, RegisterRequest } from '../agent/index.ts';

// The agent protocol's requests, checked before anything is stored: a bad
// message is refused with 400 naming the field, and nothing is written.

const ajv = new Ajv({ allErrors: true, strict: false });
const taskState = { enum: ['STARTING', 'RUNNING', 'KILLING', 'FINISHED', 'FAILED', 'KILLED', 'ERROR'] };
const knownTasks = {
  type: 'array',
  maxItems: 10_000,
  items: { type: 'object', required: ['taskId', 'state'], properties: { taskId: { type: 'string', minLength: 1, maxLength: 300 }, state: taskState } },
};
const uuid = { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' };

const validateRegister = ajv.compile<RegisterRequest>({
  type: 'object',
  required: ['hostname', 'os', 'arch', 'version', 'resources', 'attributes', 'tasks'],
  properties: {
    agentId: uuid,
    hostname: { type: 'string', minLength: 1, maxLength: 255 },
    os: { enum: ['LINUX', 'WINDOWS'] },
    arch: { type: 'string', minLength: 1, maxLength: 50 },
    version: { type: 'string', maxLength: 50 },
    resources: {
      type: 'object',
      required: ['cpus', 'mem', 'disk', 'gpus', 'ports'],
      properties: {
        cpus: { type: 'number', minimum: 0 },
        mem: { type: 'number', minimum: 0 },
        disk: { type: 'number', minimum: 0 },
        gpus: { type: 'integer', minimum: 0 },
        ports: { type: 'array', maxItems: 100, items: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'integer', minimum: 1, maximum: 65535 } } },
      },
    },
    // Bounded: attributes are stored on the agent and read by every placement.
    attributes: { type: 'object', maxProperties: 100, propertyNames: { maxLength: 100 }, additionalProperties: { type: 'string', maxLength: 255 } },
    // Mesos' role names (src/agent/roles.ts): stored on the agent and read by every placement.
    roles: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', pattern: '^(?!-)(?!\\.\\.?$)[^\\s/\\x7f]{1,100}$' } },
    tasks: knownTasks,
  },
});

const validatePoll = ajv.compile<PollRequest>({
  type: 'object',
  required: ['agentId', 'tasks', 'statuses'],
  properties: {
    agentId: uuid,
    tasks: knownTasks,
    statuses: {
      type: 'array',
      maxItems: 10_000,
      items: {
        type: 'object',
        required: ['uuid', 'taskId', 'state', 'timestamp'],
        properties: {
          uuid,
          taskId: { type: 'string', minLength: 1, maxLength: 300 },
          state: taskState,
          timestamp: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
          message: { type: 'string', maxLength: 8192 },
          exitCode: { type: 'integer' },
          signal: { type: 'string', maxLength: 20 },
          health: { type: 'object', properties: { healthy: { type: 'boolean' }, ready: { type: 'boolean' }, cause: { type: 'string', maxLength: 1024 } } },
          // Stored whole on the task (Task.checkResult): only Marathon's keys, nothing else.
          check: {
            type: 'object',
            additionalProperties: false,
            properties: {
              http: {
                type: 'object',
                required: ['statusCode'],
                additionalProperties: false,
                properties: { statusCode: { type: 'integer', minimum: 0, maximum: 999 } },
              },
              tcp: { type: 'object', required: ['succeeded'], additionalProperties: false, properties: { succeeded: { type: 'boolean' } } },
              command: { type: 'object', required: ['exitCode'], additionalProperties: false, properties: { exitCode: { type: 'integer' } } },
              cause: { type: 'string', maxLength: 1024 },
            },
          },
        },
      },
    },
    fileReads: {
      type: 'array',
      items: {
        type: 'object',
        required: ['requestId'],
        properties: { requestId: { type: 'string' }, data: { type: 'string' }, size: { type: 'integer' }, error: { type: 'string' } },
      },
    },
    services: { type: 'string', maxLength: 100 },
  },
});

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export const checkRegister = (body: unknown) => check<RegisterRequest>(validateRegister, body);
export const checkPoll = (body: unknown) => check<PollRequest>(validatePoll, body);

function check<T>(validate: ((body: unknown) => boolean) & { errors?: ErrorObject[] | null }, body: unknown): Checked<T> {
  const nul = nulAt(body, '', cleanedLater);
  if (nul !== undefined) return { ok: false, problem: `${nul || 'body'}: holds a NUL character, which cannot be stored` };
  if (validate(body)) return { ok: true, value: body as T };
  const problem = (validate.errors ?? []).map((error) => `${error.instancePath.slice(1).replace(/\//g, '.') || 'body'}: ${error.message}`).join('; ');
  return { ok: false, problem };
}

/**
 * What a task wrote (a status message, a check's cause) and file contents may hold any byte: the
 * gateway cleans or encodes those itself, so a task's output never makes its agent's poll unacceptable.
 */
const cleanedLater = (path: string) => /^statuses\.\d+\.(message|health\.cause|check\.cause)$|^fileReads\./.test(path);

/** Where in a message a string (or a key) holds U+0000, which PostgreSQL text cannot store, as a dotted path. */
function nulAt(value: unknown, path: string, exempt: (path: string) => boolean): string | undefined {
  if (exempt(path)) return undefined;
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return path || 'body';
    const found = nulAt(inner, at, exempt);
    if (found !== undefined) return found;
  }
  return undefined;
}
