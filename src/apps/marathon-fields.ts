import type { FieldError } from './spec.ts';

/** What Marathon adds to an app in its answers: a definition read back from GET /v2/apps carries them, and Marathon ignores them on input. */
export const marathonOutputFields = [
  'version',
  'versionInfo',
  'tasksRunning',
  'tasksStaged',
  'tasksHealthy',
  'tasksUnhealthy',
  'deployments',
  'tasks',
  'lastTaskFailure',
  'taskStats',
  'readinessCheckResults',
  'counts',
] as const;

/** Fields Marathon shows with a value that asks for nothing: dropped without a word, as any other value of them is ignored with a warning. */
const emptyMarathonDefaults: Record<string, (value: unknown) => boolean> = {
  executor: (value) => value === '' || value === '//cmd',
  storeUrls: (value) => Array.isArray(value) && value.length === 0,
  tty: (value) => value === false,
};

/** Marathon fields Corral takes but does nothing with, and why: told in the warning instead of "not a field Corral knows". */
export const ignoredMarathonFields: Record<string, string> = {
  executor: "Corral's agents run the command themselves (no custom Mesos executor)",
  storeUrls: 'deprecated in Marathon, and nothing to fetch them for',
  ipAddress: "no IP per task: tasks use their agent's network",
  residency: 'no persistent volumes: a task keeps its sandbox only',
  'container.volumes': 'no volumes: a task reads and writes its sandbox',
  'container.linuxInfo': 'no seccomp or capability settings for processes yet',
  'container.portMappings': "no port mappings: tasks use their agent's network",
  tty: 'tasks run without a terminal',
};

/** The warning for a field left out of a definition (`path`, such as container.volumes or healthChecks[0].shape). */
export function ignoredFieldWarning(path: string): string {
  const reason = ignoredMarathonFields[path.replace(/\[\d+\]/g, '[]')];
  return reason ? `${path}: ignored: ${reason}` : `${path}: not a field Corral knows; ignored`;
}

/** Whether `value` is what Marathon shows for `field` when it asks for nothing (executor: ""), and so is dropped without a word. */
export const isEmptyMarathonDefault = (field: string, value: unknown): boolean => emptyMarathonDefaults[field]?.(value) ?? false;

/** `raw` without Marathon's read-only fields (in place). */
export function withoutMarathonOutput(raw: Record<string, unknown>): Record<string, unknown> {
  for (const field of marathonOutputFields) delete raw[field];
  for (const field of Object.keys(emptyMarathonDefaults)) if (field in raw && isEmptyMarathonDefault(field, raw[field])) delete raw[field];
  normalizeConstraints(raw);
  return raw;
}

/**
 * What Corral cannot do at all, told once per field: a container image
 * (Corral runs processes), a network other than the host's, an unknown
 * unreachableStrategy word.
 */
export function marathonFieldErrors(raw: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const container = raw.container as { type?: unknown; docker?: { image?: unknown } } | undefined;
  if (container && (container.type === 'DOCKER' || container.docker?.image !== undefined)) {
    // One message: the networks and port mappings of an image are moot without it.
    return [
      {
        field: 'container',
        message:
          'Corral runs processes, not container images: give a cmd or args without container.docker (a Mesos container without an image is a plain command)',
      },
    ];
  }
  // Without an image, a container whose type is left out is Mesos' (its volumes, say).
  if (container && typeof container === 'object' && container.type === undefined) container.type = 'MESOS';
  if (Array.isArray(raw.networks)) {
    raw.networks.forEach((network: unknown, index) => {
      const mode = (network as { mode?: unknown } | undefined)?.mode;
      if (mode !== 'host')
        errors.push({
          field: `networks[${index}].mode`,
          message: `${JSON.stringify(mode)} is not offered: Corral's tasks are processes on their agent's own network, so the only mode is "host"`,
        });
    });
  }
  const strategy = raw.unreachableStrategy;
  if (typeof strategy === 'string' && strategy !== 'disabled')
    errors.push({ field: 'unreachableStrategy', message: `"${strategy}" is unknown: give "disabled" or {inactiveAfterSeconds, expungeAfterSeconds}` });
  return errors;
}

/** Marathon takes operators in any case and values as numbers too: ["rack", "group_by", 3]. */
function normalizeConstraints(raw: Record<string, unknown>): void {
  if (!Array.isArray(raw.constraints)) return;
  raw.constraints = raw.constraints.map((constraint: unknown) => {
    if (!Array.isArray(constraint)) return constraint;
    const [field, operator, ...rest] = constraint as unknown[];
    // Marathon writes a constraint without a value with "" too: ["hostname", "UNIQUE", ""].
    const value = rest.map((part) => (typeof part === 'number' ? String(part) : part)).filter((part) => part !== '');
    return [field, typeof operator === 'string' ? operator.toUpperCase() : operator, ...value];
  });
}
