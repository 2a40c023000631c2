import { Ajv, type ErrorObject } from 'ajv';
import { parseAppId } from './app-id.ts';
import { appDefinitionSchema } from './json-schema.ts';
import { appRules, presenceRules } from './rules.ts';
import type { AppSpec, FieldError } from './spec.ts';

export type AppParse = { ok: true; spec: AppSpec } | { ok: false; errors: FieldError[] };

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, verbose: true });
const validateShape = ajv.compile(appDefinitionSchema);

/**
 * Reads an app definition as Marathon's API takes it (legacy `ports` and `uris`
 * included) and returns it with every default filled in, or every problem found.
 */
export function parseAppDefinition(input: unknown): AppParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'an app definition must be a JSON object' }] };
  }
  const raw = withoutNulls(input) as Record<string, unknown>;
  const legacy = foldLegacyFields(raw);
  if (legacy.length > 0) return { ok: false, errors: legacy };
  const shapeOk = validateShape(raw);
  const errors = (validateShape.errors ?? []).map(toFieldError);
  const id = typeof raw.id === 'string' ? parseAppId(raw.id) : undefined;
  if (id && 'problem' in id) errors.unshift({ field: 'id', message: id.problem });
  errors.push(...presenceRules.flatMap((rule) => rule(raw as unknown as AppSpec)));
  if (!shapeOk || !id || 'problem' in id) return { ok: false, errors };

  const spec = raw as unknown as AppSpec;
  spec.id = id.id;
  spec.dependencies = spec.dependencies.map((dependency) => {
    const parsed = parseAppId(dependency);
    return 'id' in parsed ? parsed.id : dependency;
  });
  fillHealthCheckDefaults(spec);
  errors.push(...appRules.flatMap((rule) => rule(spec)));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec };
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
    case 'additionalProperties':
      return { field: join(String(error.params.additionalProperty)), message: 'is not a field Corral knows' };
    case 'required':
      return { field: join(String(error.params.missingProperty)), message: 'is required' };
    case 'pattern':
      if (/^healthChecks\[\d+\]\.protocol$/.test(path)) {
        return { field: path, message: `"${String(error.data)}" is not a protocol name: use capitals, digits and _, such as HTTP, TCP, COMMAND or one a plugin adds` };
      }
      return { field: path, message: error.message ?? 'is invalid' };
    case 'enum':
      if (/^constraints\[\d+\]\[1\]$/.test(path)) {
        return { field: path.slice(0, -3), message: `operator "${String(error.data)}" is unknown: use one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
      }
      return { field: path, message: `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}` };
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
