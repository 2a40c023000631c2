import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAppDefinition } from '../../src/apps/index.ts';

const marathonFile = JSON.parse(readFileSync(new URL('../fixtures/marathon/shop-web.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function problems(input: unknown) {
  const parsed = parseAppDefinition(input);
  if (parsed.ok) throw new Error('expected the definition to be refused');
  return Object.fromEntries(parsed.errors.map((error) => [error.field, error.message]));
}

describe('an app definition as Marathon writes it', () => {
  it('is read as it is, with the older ports and uris forms folded in', () => {
    const parsed = parseAppDefinition(marathonFile);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.spec).toMatchObject({
      id: '/shop/web',
      instances: 2,
      portDefinitions: [{ port: 0, protocol: 'tcp' }],
      fetch: [{ uri: 'https://example.com/site.tgz', extract: true, executable: false }],
      constraints: [
        ['hostname', 'UNIQUE'],
        ['os', 'LIKE', 'linux'],
      ],
      healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0, gracePeriodSeconds: 30, delaySeconds: 15, ignoreHttp1xx: false }],
    });
  });

  it("gets Marathon's defaults for every field left out", () => {
    const parsed = parseAppDefinition({ id: 'web', cmd: 'sleep 1000' });
    expect(parsed.ok && parsed.spec).toEqual({
      id: '/web',
      cmd: 'sleep 1000',
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      instances: 1,
      env: {},
      labels: {},
      constraints: [],
      portDefinitions: [{ port: 0, protocol: 'tcp', labels: {} }],
      requirePorts: false,
      fetch: [],
      healthChecks: [],
      readinessChecks: [],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 300,
      taskKillGracePeriodSeconds: 3,
      unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 600 },
      killSelection: 'YOUNGEST_FIRST',
      dependencies: [],
    });
  });

  it('fills health check defaults as Marathon does', () => {
    const parsed = parseAppDefinition({ id: '/web', cmd: 'x', healthChecks: [{}] });
    expect(parsed.ok && parsed.spec.healthChecks[0]).toEqual({
      protocol: 'HTTP',
      path: '/',
      portIndex: 0,
      gracePeriodSeconds: 300,
      intervalSeconds: 60,
      timeoutSeconds: 20,
      maxConsecutiveFailures: 3,
      delaySeconds: 15,
      ignoreHttp1xx: false,
    });
  });
});

describe('an invalid app definition', () => {
  it('names every bad field at once, and why', () => {
    expect(problems({ id: '/shop/Web_1', cmd: 'a', args: ['b'], cpus: -1, constraints: [['hostname', 'SOMETIMES']] })).toEqual({
      id: expect.stringContaining('"Web_1" is not allowed'),
      args: 'cannot be set together with cmd: give one of them',
      cpus: 'must be >= 0',
      'constraints[0]': expect.stringContaining('operator "SOMETIMES" is unknown: use one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER, IS'),
    });
  });

  it('refuses an app with neither cmd nor args', () => {
    expect(problems({ id: '/idle' })).toEqual({ cmd: 'an app needs a cmd or args' });
  });

  it('checks constraint values by operator', () => {
    expect(
      problems({
        id: '/a',
        cmd: 'x',
        constraints: [
          ['rack', 'LIKE', '(['],
          ['rack', 'MAX_PER', 'two'],
          ['hostname', 'UNIQUE', 'x'],
        ],
      }),
    ).toEqual({
      'constraints[0]': expect.stringContaining('is not a valid regular expression'),
      'constraints[1]': 'MAX_PER needs a positive whole number',
      'constraints[2]': 'UNIQUE takes no value',
    });
  });

  it('points into nested fields', () => {
    const found = problems({ id: '/a', cmd: 'x', healthChecks: [{ protocol: 'HTTP', portIndex: 3, intervalSeconds: 0 }] });
    expect(found).toMatchObject({ 'healthChecks[0].intervalSeconds': 'must be > 0' });
  });

  it('refuses a health check on a port the app does not have', () => {
    expect(problems({ id: '/a', cmd: 'x', portDefinitions: [{ port: 0 }], healthChecks: [{ portIndex: 2 }] })).toHaveProperty(['healthChecks[0].portIndex']);
  });

  it('refuses an app that depends on itself or on a malformed id', () => {
    expect(problems({ id: '/a', cmd: 'x', dependencies: ['/a', '../up'] })).toMatchObject({
      'dependencies[0]': 'an app cannot depend on itself',
      'dependencies[1]': expect.any(String),
    });
  });

  it('refuses what is not an object', () => {
    expect(problems([1, 2])).toEqual({ '': 'an app definition must be a JSON object' });
  });

  it('refuses more instances than the cluster allows, naming its limit', () => {
    expect(problems({ id: '/a', cmd: 'x', instances: 1_000_000_000 })).toEqual({ instances: expect.stringContaining('at most 10000 instances') });
    expect(parseAppDefinition({ id: '/a', cmd: 'x', instances: 10_000 }).ok).toBe(true);
  });

  it('refuses a LIKE pattern RE2 cannot run in linear time', () => {
    expect(
      problems({
        id: '/a',
        cmd: 'x',
        constraints: [
          ['rack', 'LIKE', '(a)\\1'],
          ['rack', 'UNLIKE', '(?=a)b'],
          ['rack', 'LIKE', 'x'.repeat(2000)],
        ],
      }),
    ).toEqual({
      'constraints[0]': expect.stringContaining('not a valid regular expression'),
      'constraints[1]': expect.stringContaining('not a valid regular expression'),
      'constraints[2]': expect.stringContaining('at most 1024'),
    });
  });

  it('refuses NUL characters in any string, and what a process cannot be started with', () => {
    expect(problems({ id: '/a', cmd: 'x\u0000', user: 'u\u0000', env: { A: '\u0000', 'B\u0000': 'b' }, labels: { L: 'l\u0000' } })).toEqual({
      cmd: expect.stringContaining('NUL'),
      user: expect.stringContaining('NUL'),
      'env.A': expect.stringContaining('NUL'),
      env: expect.stringContaining('NUL'),
      'labels.L': expect.stringContaining('NUL'),
    });
    const kib = (n: number) => 'v'.repeat(n * 1024);
    expect(problems({ id: '/a', args: ['run', kib(33)], env: { BIG: kib(33), ['N'.repeat(300)]: 'x' } })).toEqual({
      'args[1]': 'is 33 KiB: at most 32 KiB',
      'env.BIG': 'is 33 KiB: at most 32 KiB',
      env: expect.stringContaining('is 300 bytes long: at most 255'),
    });
    expect(problems({ id: '/a', cmd: 'x', env: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`V${n}`, kib(30)])) })).toEqual({
      env: expect.stringContaining('at most 128 KiB'),
    });
  });
});
