import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAppDefinition } from '../../src/apps/index.ts';

// The fields of an app definition, and values of every JSON kind to put in them.
const fields = [
  'id',
  'cmd',
  'args',
  'user',
  'cpus',
  'mem',
  'disk',
  'gpus',
  'instances',
  'env',
  'labels',
  'constraints',
  'portDefinitions',
  'requirePorts',
  'fetch',
  'healthChecks',
  'readinessChecks',
  'upgradeStrategy',
  'backoffSeconds',
  'backoffFactor',
  'maxLaunchDelaySeconds',
  'taskKillGracePeriodSeconds',
  'unreachableStrategy',
  'killSelection',
  'dependencies',
  'ports',
  'uris',
];
const anyJson = fc.jsonValue({ maxDepth: 3 });
const valid = { id: '/shop/web', cmd: 'serve', cpus: 0.5, mem: 64, instances: 2 };

describe('app definitions, for any input', () => {
  it('never throw, and refuse what they refuse with every problem named', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...fields), anyJson, { maxKeys: 6 }), (input) => {
        const parsed = parseAppDefinition(input);
        if (parsed.ok) return;
        expect(parsed.errors.length).toBeGreaterThan(0);
        for (const error of parsed.errors) {
          expect(error.message.length).toBeGreaterThan(0);
          // Every problem names its field: the first segment of the path is a field of the input (or id, when it is missing).
          expect([...fields, 'id']).toContain(error.field.split(/[.[]/)[0]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid definition with one field set to anything is accepted, or refused naming that field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields.filter((field) => field !== 'id' && field !== 'ports' && field !== 'uris')), anyJson, (field, value) => {
        const parsed = parseAppDefinition({ ...valid, [field]: value });
        if (parsed.ok) return;
        const named = new Set(parsed.errors.map((error) => error.field.split(/[.[]/)[0]!));
        // A field refused for what another says names one of the two (cmd and args exclude each other; requirePorts needs fixed ports).
        const related: Record<string, string[]> = {
          args: ['cmd'],
          cmd: ['args'],
          requirePorts: ['portDefinitions'],
          portDefinitions: ['healthChecks', 'readinessChecks'],
        };
        const allowed = new Set([field, ...(related[field] ?? [])]);
        expect(
          [...named].every((name) => allowed.has(name)),
          JSON.stringify(parsed.errors),
        ).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('anything that is not an object is refused as a whole', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null), fc.array(anyJson)), (input) => {
        expect(parseAppDefinition(input)).toEqual({ ok: false, errors: [{ field: '', message: 'an app definition must be a JSON object' }] });
      }),
    );
  });
});
