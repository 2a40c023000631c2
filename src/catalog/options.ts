import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InvalidInput, type FieldError } from '../apps/index.ts';
import { PackageRenderFailed } from './errors.ts';
import { isJsonObject as isObject, mergedOver } from './json-merge.ts';

type Json = Record<string, unknown>;

// Patterns as Cosmos' (Java's) regular expressions read them: `\_` and other identity escapes are
// taken, which JavaScript's unicode mode refuses; no package needs what only that mode offers.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false, validateFormats: false, unicodeRegExp: false });
const compiled = new Map<string, ValidateFunction>();

/**
 * The options a package renders with: those given, checked against the
 * package's schema, with the schema's defaults filled in. Refused with every
 * problem named by its JSON pointer (/service/port: must be <= 65535).
 */
export function resolveOptions(pkg: { name: string; version: string }, schema: Json, given: unknown): Json {
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) {
    throw new InvalidInput([{ field: '', message: 'options must be a JSON object' }], 'package options');
  }
  const tooBig = sizeProblem(given);
  if (tooBig) throw new InvalidInput([tooBig], 'package options');
  const validate = validatorFor(pkg, schema);
  // Cosmos fills in the schema's defaults first and validates the result: a rule such as kafka's
  // `not: { properties: { transport_encryption: { properties: { enabled: { enum: [false] } } } } }`
  // holds only once transport_encryption is there. (Ajv's own defaults come too late for `not`,
  // `oneOf` and `dependencies`: it fills them in while it validates.)
  const options = mergedOver(schemaDefaults(schema), structuredClone((given ?? {}) as Json));
  if (!validate(options)) throw new InvalidInput(unique((validate.errors ?? []).map(toFieldError)), 'package options');
  return options;
}

/** The values the schema gives options nobody set (what resolveOptions fills in); a schema's required options without defaults stay out. */
export function defaultOptions(pkg: { name: string; version: string }, schema: Json): Json {
  const options = schemaDefaults(schema);
  validatorFor(pkg, schema)(options);
  return options;
}

/**
 * The defaults a schema gives, as Cosmos extracts them: each property's
 * `default`, and for an object property without one, the defaults of its
 * own properties (an object with none is left out).
 */
export function schemaDefaults(schema: Json): Json {
  const defaults: Json = {};
  const properties = schema.properties;
  if (!isObject(properties)) return defaults;
  for (const [name, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    if (property.default !== undefined) defaults[name] = structuredClone(property.default);
    else if (isObject(property.properties)) {
      const inner = schemaDefaults(property);
      if (Object.keys(inner).length > 0) defaults[name] = inner;
    }
  }
  return defaults;
}

/** The most package options may be, as JSON: far above any real package's, far below what costs a gateway (copy, check, render, store). */
export const optionLimits = { bytes: 64 * 1024, items: 1000, depth: 32 };

/**
 * The first bound the options pass, found without copying or serializing
 * them: a list is judged by its length before any item is looked at, and the
 * walk stops as soon as the JSON it would make passes optionLimits.bytes.
 */
function sizeProblem(options: unknown): FieldError | undefined {
  let bytes = 0;
  const visit = (value: unknown, path: string, depth: number): FieldError | undefined => {
    if (depth > optionLimits.depth) return { field: path, message: `is nested more than ${optionLimits.depth} levels deep` };
    if (Array.isArray(value)) {
      if (value.length > optionLimits.items) return { field: path, message: `has ${value.length} items: a list option may have at most ${optionLimits.items}` };
      bytes += 2 + value.length;
      for (let index = 0; index < value.length; index++) {
        const problem = visit(value[index], `${path}/${index}`, depth + 1);
        if (problem) return problem;
      }
    } else if (typeof value === 'object' && value !== null) {
      bytes += 2;
      // for...in, not Object.entries: a huge object is not copied into a list first.
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        bytes += key.length + 4;
        if (bytes > optionLimits.bytes) break;
        const problem = visit((value as Json)[key], `${path}/${pointerPart(key)}`, depth + 1);
        if (problem) return problem;
      }
    } else bytes += typeof value === 'string' ? value.length + 2 : String(value).length;
    return bytes > optionLimits.bytes
      ? { field: 'options', message: `are larger than ${optionLimits.bytes / 1024} KiB as JSON, the most package options may be` }
      : undefined;
  };
  return visit(options, '', 0);
}

function validatorFor(pkg: { name: string; version: string }, schema: Json): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(prepared(schema));
    } catch (error) {
      throw new PackageRenderFailed(pkg.name, pkg.version, `its options schema is not a JSON Schema: ${(error as Error).message}`);
    }
    if (compiled.size > 200) compiled.clear();
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * The schema as Ajv should see it. Defaults inside an object apply only when
 * the object is there, so an object property without a default gets {}: the
 * DC/OS way of nesting options ({ service: { name, cpus } }) then fills every
 * level. `$schema` goes (DC/OS names draft-04, which Ajv does not load),
 * draft-04's boolean exclusiveMinimum/Maximum become draft-07's numbers, and
 * its `id` (draft-06's `$id`, which Ajv refuses by the old name) goes: no
 * package refers to a schema by it.
 */
export function prepared(schema: Json): Json {
  const copy = structuredClone(schema);
  delete copy.$schema;
  walk(copy);
  return copy;
}

function walk(node: Json): void {
  // Only a schema's own `id`: an option named id is a key of `properties`, never reached here.
  if (typeof node.id === 'string') delete node.id;
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const exclusive = `exclusive${bound}`;
    const limit = bound.toLowerCase();
    if (typeof node[exclusive] === 'boolean') {
      if (node[exclusive] && typeof node[limit] === 'number') {
        node[exclusive] = node[limit];
        delete node[limit];
      } else delete node[exclusive];
    }
  }
  const properties = node.properties;
  if (typeof properties === 'object' && properties !== null) {
    for (const child of Object.values(properties as Record<string, Json>)) {
      if (typeof child !== 'object' || child === null) continue;
      const isObject = child.type === 'object' || (child.type === undefined && typeof child.properties === 'object');
      if (isObject && child.default === undefined) child.default = {};
      walk(child);
    }
  }
  for (const key of ['items', 'additionalProperties', 'not', 'if', 'then', 'else']) {
    const child = node[key];
    if (typeof child === 'object' && child !== null && !Array.isArray(child)) walk(child as Json);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const children = node[key];
    if (Array.isArray(children)) children.forEach((child) => typeof child === 'object' && child !== null && walk(child as Json));
  }
}

const pointerPart = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function toFieldError(error: ErrorObject): FieldError {
  switch (error.keyword) {
    case 'required':
      return { field: `${error.instancePath}/${pointerPart(String(error.params.missingProperty))}`, message: 'is required' };
    case 'additionalProperties':
      return { field: `${error.instancePath}/${pointerPart(String(error.params.additionalProperty))}`, message: 'is not an option of this package' };
    case 'enum':
      return {
        field: error.instancePath,
        message: `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
      };
    default:
      return { field: error.instancePath, message: error.message ?? 'is invalid' };
  }
}

function unique(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.field}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
