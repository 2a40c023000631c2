import { parseAppId } from './app-id.ts';
import { maxInstances } from './instance-limit.ts';
import { likePatternProblem } from './like-pattern.ts';
import type { AppSpec, Constraint, FieldError } from './spec.ts';

type Rule = (spec: AppSpec) => FieldError[];

/**
 * No string anywhere in the definition may hold a NUL character: PostgreSQL's
 * text and jsonb cannot store one, and the insert failed as "Unexpected error".
 */
const storableText: Rule = (spec) => nulBytesIn(spec, '');

function nulBytesIn(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string')
    return value.includes('\u0000') ? [{ field: path, message: 'contains a NUL character (\\u0000), which cannot be stored' }] : [];
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => nulBytesIn(item, `${path}[${index}]`));
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key.includes('\u0000')) return [{ field: path, message: `the name ${JSON.stringify(key)} contains a NUL character (\\u0000), which cannot be stored` }];
    return nulBytesIn(inner, path ? `${path}.${key}` : key);
  });
}

// What a task's process is started with. Linux refuses a single argument or
// variable over 128 KiB (MAX_ARG_STRLEN) and all of them over ARG_MAX: an env
// value of 200 KiB was accepted, and its task failed for ever with spawn E2BIG.
// Windows' limit is lower still (32,767 characters for a whole command line).
const KiB = 1024;
const launchLimits = { stringBytes: 32 * KiB, envBytes: 128 * KiB, argsBytes: 128 * KiB, envNameBytes: 255 } as const;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const size = (count: number) => (count < KiB ? `${count} bytes` : `${Number((count / KiB).toFixed(1))} KiB`);

const launchSizes: Rule = (spec) => {
  const errors: FieldError[] = [];
  const tooLong = (field: string, text: string) => {
    if (bytes(text) > launchLimits.stringBytes) errors.push({ field, message: `is ${size(bytes(text))}: at most ${size(launchLimits.stringBytes)}` });
  };
  if (spec.cmd !== undefined) tooLong('cmd', spec.cmd);
  spec.args?.forEach((arg, index) => tooLong(`args[${index}]`, arg));
  const argsBytes = (spec.args ?? []).reduce((sum, arg) => sum + bytes(arg) + 1, 0);
  if (argsBytes > launchLimits.argsBytes) errors.push({ field: 'args', message: `are ${size(argsBytes)} together: at most ${size(launchLimits.argsBytes)}` });
  let envBytes = 0;
  for (const [name, entry] of Object.entries(spec.env)) {
    // A secret's value is only known at launch, where the agent's spawn reports a variable too large.
    const value = typeof entry === 'string' ? entry : '';
    if (bytes(name) > launchLimits.envNameBytes)
      errors.push({
        field: 'env',
        message: `the name ${JSON.stringify(`${name.slice(0, 40)}...`)} is ${bytes(name)} bytes long: at most ${launchLimits.envNameBytes}`,
      });
    else tooLong(`env.${name}`, value);
    envBytes += bytes(name) + bytes(value) + 2; // NAME=value and its terminating NUL, as the kernel counts it
  }
  if (envBytes > launchLimits.envBytes) errors.push({ field: 'env', message: `is ${size(envBytes)} all together: at most ${size(launchLimits.envBytes)}` });
  return errors;
};

const needsPort = new Set(['HTTP', 'HTTPS', 'TCP', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP']);

const commandOrArgs: Rule = (spec) => {
  if (spec.cmd !== undefined && spec.args !== undefined) return [{ field: 'args', message: 'cannot be set together with cmd: give one of them' }];
  if (spec.cmd === undefined && spec.args === undefined) return [{ field: 'cmd', message: 'an app needs a cmd or args' }];
  return [];
};

const dependencies: Rule = (spec) =>
  spec.dependencies.flatMap((dependency, index) => {
    const parsed = parseAppId(dependency);
    if ('problem' in parsed) return [{ field: `dependencies[${index}]`, message: parsed.problem }];
    if (parsed.id === spec.id) return [{ field: `dependencies[${index}]`, message: 'an app cannot depend on itself' }];
    return [];
  });

function constraintProblem([, operator, value]: Constraint): string | undefined {
  switch (operator) {
    case 'UNIQUE':
      return value === undefined ? undefined : 'UNIQUE takes no value';
    case 'LIKE':
    case 'UNLIKE':
      return value === undefined ? `${operator} needs a regular expression` : likePatternProblem(value);
    case 'MAX_PER':
      return value !== undefined && /^[1-9]\d*$/.test(value) ? undefined : 'MAX_PER needs a positive whole number';
    case 'GROUP_BY':
      return value === undefined || /^[1-9]\d*$/.test(value) ? undefined : 'GROUP_BY takes an optional positive whole number';
    case 'IS':
      return value === undefined ? 'IS needs a value' : undefined;
    case 'CLUSTER':
      // Without a value, Marathon's meaning: every task where the first one runs.
      return undefined;
  }
}

const constraints: Rule = (spec) =>
  spec.constraints.flatMap((constraint, index) => {
    const problem = constraintProblem(constraint);
    return problem ? [{ field: `constraints[${index}]`, message: problem }] : [];
  });

const ports: Rule = (spec) => {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  // With requirePorts, a port of 0 takes any free port, as without it (Marathon picks one and then requires it).
  spec.portDefinitions.forEach((definition, index) => {
    if (definition.name !== undefined) {
      if (names.has(definition.name)) errors.push({ field: `portDefinitions[${index}].name`, message: `"${definition.name}" is used by another port` });
      names.add(definition.name);
    }
  });
  return errors;
};

const healthChecks: Rule = (spec) =>
  spec.healthChecks.flatMap((check, index) => {
    const at = `healthChecks[${index}]`;
    const errors: FieldError[] = [];
    if (check.protocol.endsWith('COMMAND') && !check.command) errors.push({ field: `${at}.command`, message: 'a COMMAND check needs command.value' });
    if (needsPort.has(check.protocol) && check.port === undefined && (check.portIndex ?? 0) >= spec.portDefinitions.length) {
      errors.push({ field: `${at}.portIndex`, message: `is ${check.portIndex ?? 0} but the app has ${spec.portDefinitions.length} port(s)` });
    }
    if (check.path !== undefined && !check.protocol.includes('HTTP'))
      errors.push({ field: `${at}.path`, message: `applies to HTTP checks, not ${check.protocol}` });
    if (check.path !== undefined && !check.path.startsWith('/')) errors.push({ field: `${at}.path`, message: 'must start with /' });
    return errors;
  });

const readinessChecks: Rule = (spec) =>
  spec.readinessChecks.flatMap((check, index) =>
    spec.portDefinitions.some((definition) => definition.name === check.portName)
      ? []
      : [{ field: `readinessChecks[${index}].portName`, message: `names no port of the app ("${check.portName}"): name one in portDefinitions` }],
  );

const unreachable: Rule = ({ unreachableStrategy: strategy }) =>
  strategy !== 'disabled' && strategy.expungeAfterSeconds < strategy.inactiveAfterSeconds
    ? [
        {
          field: 'unreachableStrategy.expungeAfterSeconds',
          message: `is ${strategy.expungeAfterSeconds}: must not be less than inactiveAfterSeconds (${strategy.inactiveAfterSeconds})`,
        },
      ]
    : [];

const secretReferences: Rule = (spec) =>
  Object.entries(spec.env).flatMap(([name, value]) =>
    typeof value !== 'string' && !spec.secrets?.[value.secret]
      ? [
          {
            field: `env.${name}.secret`,
            message: `"${value.secret}" is not a name in secrets: declare it there, as {"${value.secret}": {"source": "/path/of/the/secret"}}`,
          },
        ]
      : [],
  );

const check: Rule = (spec) => {
  if (!spec.check) return [];
  const kinds = (['http', 'tcp', 'exec'] as const).filter((kind) => spec.check?.[kind] !== undefined);
  if (kinds.length !== 1)
    return [{ field: 'check', message: `needs exactly one of http, tcp or exec (has ${kinds.length === 0 ? 'none' : kinds.join(' and ')})` }];
  const probe = spec.check.http ?? spec.check.tcp;
  if (probe && probe.port === undefined && (probe.portIndex ?? 0) >= spec.portDefinitions.length) {
    return [{ field: `check.${kinds[0]}.portIndex`, message: `is ${probe.portIndex ?? 0} but the app has ${spec.portDefinitions.length} port(s)` }];
  }
  const command = spec.check.exec?.command;
  if (command && (command.shell === undefined) === (command.argv === undefined))
    return [{ field: 'check.exec.command', message: 'needs one of shell or argv' }];
  return [];
};

/** The cluster's limit (--max-instances): a billion instances once held the gateway's placement and memory until it crashed. */
export function instancesProblems(instances: number): FieldError[] {
  const limit = maxInstances();
  return instances > limit
    ? [{ field: 'instances', message: `is ${instances}: this cluster allows at most ${limit} instances of an app (the gateway's --max-instances)` }]
    : [];
}

const instances: Rule = (spec) => instancesProblems(spec.instances);

/** Rules that only look at which fields are present: they also run when the shape is wrong, so every problem is told at once. */
export const presenceRules: Rule[] = [commandOrArgs, storableText];

/** Rules that look at several fields at once; ajv has checked each field's shape. */
export const appRules: Rule[] = [instances, dependencies, constraints, ports, healthChecks, readinessChecks, unreachable, secretReferences, check, launchSizes];
