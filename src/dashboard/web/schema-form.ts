// A package's options form, from its config schema (JSON Schema, DC/OS style:
// nested objects of typed properties with defaults and descriptions). Values
// are kept flat, by JSON pointer (/master/port), since that is how the API
// names a bad option: each problem shows next to its field.

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  minimum?: number;
  maximum?: number;
  format?: string;
}

export type FieldKind = 'text' | 'secret' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';

export interface InputField {
  kind: FieldKind;
  pointer: string;
  label: string;
  description?: string;
  required: boolean;
  /** enum: the allowed values */
  choices?: unknown[];
  minimum?: number;
  maximum?: number;
}

export interface FieldGroup {
  kind: 'group';
  pointer: string;
  label: string;
  description?: string;
  fields: FormField[];
}

export type FormField = InputField | FieldGroup;

/** What the inputs hold: text for most, a flag for a checkbox. */
export type FormValues = Record<string, string | boolean>;

const pointerPart = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((each) => each !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  return undefined;
}

/** The fields of an object schema, in the order the schema lists them. */
export function formFields(schema: JsonSchema, pointer = ''): FormField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]): FormField => {
    const at = `${pointer}/${pointerPart(name)}`;
    const label = property.title ?? name;
    if (typeOf(property) === 'object' && property.properties) {
      return { kind: 'group', pointer: at, label, description: property.description, fields: formFields(property, at) };
    }
    return {
      kind: kindOf(name, property),
      pointer: at,
      label,
      description: property.description,
      required: required.has(name),
      choices: property.enum,
      minimum: property.minimum,
      maximum: property.maximum,
    };
  });
}

function kindOf(name: string, schema: JsonSchema): FieldKind {
  if (schema.enum) return 'enum';
  switch (typeOf(schema)) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return schema.format === 'password' || /password|secret/i.test(name) ? 'secret' : 'text';
    default:
      // arrays, objects without properties, anything else: typed as JSON
      return 'json';
  }
}

/** Every input pre-filled with its default (nested defaults too). */
export function initialValues(schema: JsonSchema): FormValues {
  const values: FormValues = {};
  const fill = (fields: FormField[], defaults: Record<string, unknown> | undefined) => {
    for (const field of fields) {
      const name = field.pointer.slice(field.pointer.lastIndexOf('/') + 1);
      const parentDefault = defaults?.[name];
      if (field.kind === 'group') {
        fill(field.fields, isObject(parentDefault) ? parentDefault : undefined);
        continue;
      }
      const own = schemaAt(schema, field.pointer)?.default;
      const value = own !== undefined ? own : parentDefault;
      values[field.pointer] = field.kind === 'boolean' ? value === true : display(field.kind, value);
    }
  };
  fill(formFields(schema), isObject(schema.default) ? schema.default : undefined);
  return values;
}

function display(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (kind === 'enum' || kind === 'json') return JSON.stringify(value);
  return String(value);
}

/**
 * The options to send: typed from the inputs, nested as the schema nests them.
 * An empty input is left out, so the package's default applies. Numbers that
 * are not numbers are sent as typed, for the API to say what is wrong with
 * them; only JSON that does not parse is refused here.
 */
export function optionsFrom(schema: JsonSchema, values: FormValues): { options: Record<string, unknown>; problems: { field: string; message: string }[] } {
  const options: Record<string, unknown> = {};
  const problems: { field: string; message: string }[] = [];
  const collect = (fields: FormField[], into: Record<string, unknown>) => {
    for (const field of fields) {
      const name = decodePart(field.pointer.slice(field.pointer.lastIndexOf('/') + 1));
      if (field.kind === 'group') {
        const child: Record<string, unknown> = {};
        collect(field.fields, child);
        if (Object.keys(child).length > 0) into[name] = child;
        continue;
      }
      const value = values[field.pointer];
      if (field.kind === 'boolean') {
        into[name] = value === true;
        continue;
      }
      const text = typeof value === 'string' ? value : '';
      if (text.trim() === '' && !(field.required && field.kind === 'text')) continue;
      if (field.kind === 'number' || field.kind === 'integer') {
        const number = Number(text);
        into[name] = Number.isFinite(number) ? number : text;
      } else if (field.kind === 'enum' || field.kind === 'json') {
        try {
          into[name] = JSON.parse(text);
        } catch {
          problems.push({ field: field.pointer, message: 'is not valid JSON' });
        }
      } else {
        into[name] = text;
      }
    }
  };
  collect(formFields(schema), options);
  return { options, problems };
}

function schemaAt(schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const part of pointer.split('/').slice(1)) node = node?.properties?.[decodePart(part)];
  return node;
}

function decodePart(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
