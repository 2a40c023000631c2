import { parseAppId } from './app-id.ts';
import type { AppSpec, Constraint, FieldError } from './spec.ts';

type Rule = (spec: AppSpec) => FieldError[];

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

function constraintProblem([field, operator, value]: Constraint): string | undefined {
  switch (operator) {
    case 'UNIQUE':
      return value === undefined ? undefined : 'UNIQUE takes no value';
    case 'LIKE':
    case 'UNLIKE':
      if (value === undefined) return `${operator} needs a regular expression`;
      try {
        new RegExp(`^(?:${value})$`);
        return undefined;
      } catch (error) {
        return `"${value}" is not a valid regular expression: ${(error as Error).message}`;
      }
    case 'MAX_PER':
      return value !== undefined && /^[1-9]\d*$/.test(value) ? undefined : 'MAX_PER needs a positive whole number';
    case 'GROUP_BY':
      return value === undefined || /^[1-9]\d*$/.test(value) ? undefined : 'GROUP_BY takes an optional positive whole number';
    case 'IS':
      return value === undefined ? 'IS needs a value' : undefined;
    case 'CLUSTER':
      return field === 'hostname' && value === undefined ? 'CLUSTER on hostname needs a value' : undefined;
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
  spec.portDefinitions.forEach((definition, index) => {
    if (spec.requirePorts && definition.port === 0) {
      errors.push({ field: `portDefinitions[${index}].port`, message: 'must be a fixed port when requirePorts is true' });
    }
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
    if (check.path !== undefined && !check.protocol.includes('HTTP')) errors.push({ field: `${at}.path`, message: `applies to HTTP checks, not ${check.protocol}` });
    if (check.path !== undefined && !check.path.startsWith('/')) errors.push({ field: `${at}.path`, message: 'must start with /' });
    return errors;
  });

const readinessChecks: Rule = (spec) =>
  spec.readinessChecks.flatMap((check, index) =>
    spec.portDefinitions.some((definition) => definition.name === check.portName)
      ? []
      : [{ field: `readinessChecks[${index}].portName`, message: `names no port of the app ("${check.portName}"): name one in portDefinitions` }],
  );

const unreachable: Rule = (spec) =>
  spec.unreachableStrategy.expungeAfterSeconds !== 0 &&
  spec.unreachableStrategy.expungeAfterSeconds < spec.unreachableStrategy.inactiveAfterSeconds
    ? [{ field: 'unreachableStrategy.expungeAfterSeconds', message: 'must not be less than inactiveAfterSeconds' }]
    : [];

/** Rules that look at several fields at once; ajv has checked each field's shape. */
/** Rules that only look at which fields are present: they also run when the shape is wrong, so every problem is told at once. */
export const presenceRules: Rule[] = [commandOrArgs];

export const appRules: Rule[] = [dependencies, constraints, ports, healthChecks, readinessChecks, unreachable];
