import { describe, expect, it } from 'vitest';
import { formFields, initialValues, optionsFrom, type JsonSchema } from '../../src/dashboard/web/schema-form.ts';

const schema: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', default: 'db', description: 'The service name' },
    master: {
      type: 'object',
      description: 'The master',
      properties: {
        port: { type: 'integer', minimum: 1, maximum: 65535, default: 31077 },
        cpus: { type: 'number', default: 0.5 },
        'a/b': { type: 'string' },
      },
    },
    tls: { type: 'boolean', default: true },
    mode: { type: 'string', enum: ['fast', 'safe'], default: 'safe' },
    peers: { type: 'array', items: { type: 'string' }, default: ['a'] },
    password: { type: 'string' },
  },
};

describe('the install form of a package', () => {
  it('has a field per option, nested objects as groups, by JSON pointer', () => {
    const fields = formFields(schema);
    expect(fields.map((field) => [field.pointer, field.kind])).toEqual([
      ['/name', 'text'],
      ['/master', 'group'],
      ['/tls', 'boolean'],
      ['/mode', 'enum'],
      ['/peers', 'json'],
      ['/password', 'secret'],
    ]);
    const master = fields[1]!;
    expect(master.kind === 'group' && master.fields.map((field) => [field.pointer, field.kind])).toEqual([
      ['/master/port', 'integer'],
      ['/master/cpus', 'number'],
      ['/master/a~1b', 'text'],
    ]);
    expect(fields[0]).toMatchObject({ required: true, description: 'The service name' });
  });

  it('starts from the defaults', () => {
    expect(initialValues(schema)).toEqual({
      '/name': 'db',
      '/master/port': '31077',
      '/master/cpus': '0.5',
      '/master/a~1b': '',
      '/tls': true,
      '/mode': '"safe"',
      '/peers': '["a"]',
      '/password': '',
    });
  });

  it('sends typed options, leaves out empty ones so defaults apply, and passes bad numbers on for the API to name', () => {
    const values = { ...initialValues(schema), '/master/port': '8080', '/master/cpus': 'lots', '/master/a~1b': 'x', '/tls': false, '/mode': '"fast"' };
    expect(optionsFrom(schema, values)).toEqual({
      options: { name: 'db', master: { port: 8080, cpus: 'lots', 'a/b': 'x' }, tls: false, mode: 'fast', peers: ['a'] },
      problems: [],
    });
    const emptied = { ...initialValues(schema), '/master/port': '', '/master/cpus': '' };
    expect(optionsFrom(schema, emptied).options).not.toHaveProperty('master');
  });

  it('refuses JSON that does not parse, at its field', () => {
    expect(optionsFrom(schema, { ...initialValues(schema), '/peers': '[a' }).problems).toEqual([{ field: '/peers', message: 'is not valid JSON' }]);
  });
});
