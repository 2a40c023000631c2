import { Ajv, type ErrorObject } from 'ajv';
import { parseAppId } from './app-id.ts';
import { resolveDependency } from './dependencies.ts';
import { appDefinitionSchema } from './json-schema.ts';
import { ignoredFieldWarning, marathonFieldErrors, withoutMarathonOutput } from './marathon-fields.ts';
import { appRules, presenceRules } from './rules.ts';
import type { AppSpec, FieldError } from './spec.ts';

/** A definition read: the spec with every default, and what was ignored in it (Marathon ignores unknown fields too). */
export type AppParse = { ok: true; spec: AppSpec; warnings: string[] } | { ok: false; errors: FieldError[] };

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
const validateShape = ajv.compile(appDefinitionSchema);

/**
 * Reads an app definition as Marathon's API takes it (legacy `ports` and
 * `uris`, the read-only fields of its own answers, lower-case constraint
 * operators) and returns it with every default filled in, or every problem
 * found. Fields Corral does not know are left out with a warning, not refused.
 */
export function parseAppDefinition(input: unknown): AppParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'an app definition must be a JSON object' }] };
  }
  const raw = withoutMarathonOutput(withoutNulls(input) as Record<string, unknown>);
  const refused = [...marathonFieldErrors(raw), ...foldLegacyFields(raw)];
  if (refused.length > 0) return { ok: false, errors: refused };
  const disabled = raw.unreachableStrategy === 'disabled';
  if (disabled) delete raw.unreachableStrategy;
  const warnings = dropUnknownFields(raw);
  const shapeOk = validateShape(raw);
  const errors = (validateShape.errors ?? []).map(toFieldError);
  const id = typeof raw.id === 'string' ? parseAppId(raw.id) : undefined;
  if (id && 'problem' in id) errors.unshift({ field: 'id', message: id.problem });
  errors.push(...presenceRules.flatMap((rule) => rule(raw as unknown as AppSpec)));
  if (!shapeOk || !id || 'problem' in id) return { ok: false, errors };

  const spec = raw as unknown as AppSpec;
  spec.id = id.id;
  if (disabled) spec.unreachableStrategy = 'disabled';
  spec.dependencies = spec.dependencies.map((dependency) => resolveDependency(spec.id, dependency) ?? dependency);
  fillServicePorts(spec);
  fillHealthCheckDefaults(spec);
  errors.push(...appRules.flatMap((rule) => rule(spec)));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec, warnings };
}

/**
 * Takes out every field the schema does not know, wherever it is, and says
 * so: the first validation finds them, and the definition without them is
 * validated again.
 */
function dropUnknownFields(raw: Record<string, unknown>): string[] {
  if (validateShape(structuredClone(raw))) return [];
  const unknown = (validateShape.errors ?? []).filter((error) => error.keyword === 'additionalProperties');
  return unknown.flatMap((error) => {
    const parent = valueAt(raw, error.instancePath);
    const name = String(error.params.additionalProperty);
    if (typeof parent !== 'object' || parent === null || !(name in parent)) return [];
    delete (parent as Record<string, unknown>)[name];
    const path = pointerToPath(error.instancePath);
    return [ignoredFieldWarning(path ? `${path}.${name}` : name)];
  });
}

function valueAt(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((value, part) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined), root);
}

/** Marathon's pre-1.0 `ports` and `uris` mean portDefinitions and fetch. */
function foldLegacyFields(raw: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  if (raw.ports !== undefined && raw.portDefinitions !== undefined) errors.push({ field: 'ports', message: 'cannot be set together with portDefinitions' });
  if (raw.uris !== undefined && raw.fetch !== undefined) errors.push({ field: 'uris', message: 'cannot be set together with fetch' });
  if (errors.length > 0) return errors;
  if (Array.isArray(raw.ports)) raw.portDefinitions = raw.ports.map((port: unknown) => ({ port }));
  if (Array.isArray(raw.uris)) raw.fetch = raw.uris.map((uri: unknown) => ({ uri }));
  delete raw.ports;
  delete raw.uris;
  // As Marathon: an app that says nothing about ports gets one, picked from the agent's range.
  raw.portDefinitions ??= [{ port: 0 }];
  raw.fetch ??= [];
  return [];
}

/**
 * In Marathon a non-zero `port` is the app's service port (marathon-lb's),
 * its tasks' host ports being picked: so it is here, unless requirePorts
 * makes it the host port itself (then the service proxy, which listens on
 * every agent, would take the very port the task needs).
 */
function fillServicePorts(spec: AppSpec): void {
  if (spec.requirePorts) return;
  for (const definition of spec.portDefinitions) {
    if (definition.port > 0) definition.servicePort ??= definition.port;
  }
}

function fillHealthCheckDefaults(spec: AppSpec): void {
  for (const check of spec.healthChecks) {
    const usesPort = !check.protocol.endsWith('COMMAND');
    if (usesPort && check.port === undefined) check.portIndex ??= 0;
    if (check.protocol.includes('HTTP')) check.path ??= '/';
  }
}

function toFieldError(error: ErrorObject): FieldError {
  const path = pointerToPath(error.instancePath);
  const join = (name: string) => (path ? `${path}.${name}` : name);
  switch (error.keyword) {
    case 'required':
      return { field: join(String(error.params.missingProperty)), message: 'is required' };
    case 'pattern':
      if (/^healthChecks\[\d+\]\.protocol$/.test(path)) {
        return {
          field: path,
          message: `"${String(error.data)}" is not a protocol name: use capitals, digits and _, such as HTTP, TCP, COMMAND or one a plugin adds`,
        };
      }
      return { field: path, message: error.message ?? 'is invalid' };
    case 'enum':
      if (/^constraints\[\d+\]\[1\]$/.test(path)) {
        return {
          field: path.slice(0, -3),
          message: `operator "${String(error.data)}" is unknown: use one of ${(error.params.allowedValues as unknown[]).join(', ')}`,
        };
      }
      return { field: path, message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
    case 'anyOf':
      if (/^env\./.test(path)) return { field: path, message: 'must be a string, or {"secret": "<name in secrets>"}' };
      return { field: path, message: error.message ?? 'is invalid' };
    default:
      return { field: path, message: error.message ?? 'is invalid' };
  }
}

/** "/healthChecks/0/portIndex" -> "healthChecks[0].portIndex" */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, inner]) => inner !== null)
      .map(([key, inner]) => [key, withoutNulls(inner)]),
  );
}
