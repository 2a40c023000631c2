import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HealthCheckers, HealthCheckState, PluginLoadError } from '../../src/agent/health/index.ts';
import { parseAppDefinition } from '../../src/apps/index.ts';

const check = (maxConsecutiveFailures: number, gracePeriodSeconds: number) => ({ maxConsecutiveFailures, gracePeriodSeconds });
const failure = (cause = 'HTTP 500') => ({ healthy: false as const, cause });

describe("a health check's verdict (Marathon's rules)", () => {
  it('ignores failures inside the grace period until the first success', () => {
    const state = new HealthCheckState(check(1, 10), 0);
    expect(state.record(failure('connection refused'), 5_000)).toEqual({});
    expect(state.healthy).toBeUndefined();
    expect(state.record({ healthy: true }, 6_000)).toEqual({});
    expect(state.healthy).toBe(true);
    // After the first success, a failure counts even within the grace period.
    expect(state.record(failure(), 7_000)).toEqual({ kill: 'failed 1 consecutive health checks: HTTP 500' });
  });

  it('counts failures after the grace period and asks for a kill at maxConsecutiveFailures', () => {
    const state = new HealthCheckState(check(3, 1), 0);
    expect(state.record(failure(), 2_000)).toEqual({});
    expect([state.healthy, state.cause]).toEqual([false, 'HTTP 500']);
    expect(state.record(failure(), 3_000)).toEqual({});
    expect(state.record(failure('timeout after 20 s'), 4_000)).toEqual({ kill: 'failed 3 consecutive health checks: timeout after 20 s' });
  });

  it('starts counting again after a success', () => {
    const state = new HealthCheckState(check(2, 0), 0);
    state.record(failure(), 1);
    state.record({ healthy: true }, 2);
    expect(state.record(failure(), 3)).toEqual({});
    expect(state.record(failure(), 4).kill).toBeDefined();
  });

  it('never asks for a kill with maxConsecutiveFailures 0', () => {
    const state = new HealthCheckState(check(0, 0), 0);
    for (let i = 1; i < 50; i++) expect(state.record(failure(), i)).toEqual({});
    expect(state.healthy).toBe(false);
  });

  it('leaves the verdict as it was on an ignored result (ignoreHttp1xx)', () => {
    const state = new HealthCheckState(check(1, 0), 0);
    state.record({ healthy: true }, 1);
    expect(state.record({ ignored: true }, 2)).toEqual({});
    expect(state.healthy).toBe(true);
  });
});

describe('health-check plugins on the agent', () => {
  it("has the first-party protocols, Marathon's MESOS_ aliases included", () => {
    const checkers = new HealthCheckers();
    for (const protocol of ['HTTP', 'HTTPS', 'TCP', 'COMMAND', 'MESOS_HTTP', 'MESOS_HTTPS', 'MESOS_TCP'])
      expect(checkers.healthChecker(protocol), protocol).toBeTypeOf('function');
    expect(checkers.readinessChecker('HTTP')).toBeTypeOf('function');
    expect(checkers.healthChecker('SANDBOX_FILE')).toBeUndefined();
  });

  it('loads a plugin folder', async () => {
    const checkers = new HealthCheckers();
    const [plugin] = await checkers.load([fileURLToPath(new URL('../fixtures/plugins/sandbox-file', import.meta.url))]);
    expect(plugin?.name).toBe('sandbox-file');
    expect(checkers.healthChecker('SANDBOX_FILE')).toBeTypeOf('function');
  });

  it('refuses a folder that is not a plugin, saying why', async () => {
    const root = mkdtempSync(join(tmpdir(), 'corral-plugins-'));
    const folder = (name: string, index?: string) => {
      mkdirSync(join(root, name));
      if (index !== undefined) writeFileSync(join(root, name, 'index.mjs'), index);
      return join(root, name);
    };
    const refusal = (dir: string) =>
      new HealthCheckers().load([dir]).then(
        () => 'loaded',
        (error: Error) => (error instanceof PluginLoadError ? error.message : `not a PluginLoadError: ${error.message}`),
      );
    expect(await refusal(folder('empty'))).toMatch(/has no index\.js, index\.mjs, index\.ts/);
    expect(await refusal(folder('nameless', 'export default { healthChecks: {} };'))).toMatch(/does not default-export a plugin: it needs a name/);
    expect(await refusal(folder('lowercase', 'export default { name: "x", healthChecks: { http: async () => ({ healthy: true }) } };'))).toMatch(
      /healthChecks\.http: protocol names are capitals/,
    );
    expect(await refusal(folder('broken', 'throw new Error("boom");'))).toMatch(/cannot load the plugin in .*broken: boom/);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('health checks in app definitions', () => {
  it('accepts a protocol name a plugin may add, and refuses a name that cannot be one', () => {
    const parsed = parseAppDefinition({ id: '/a', cmd: 'x', healthChecks: [{ protocol: 'REDIS_PING' }] });
    expect(parsed.ok && parsed.spec.healthChecks[0]).toMatchObject({
      protocol: 'REDIS_PING',
      portIndex: 0,
      intervalSeconds: 60,
      gracePeriodSeconds: 300,
      maxConsecutiveFailures: 3,
    });
    const refused = parseAppDefinition({ id: '/a', cmd: 'x', healthChecks: [{ protocol: 'redis ping' }] });
    expect(!refused.ok && refused.errors).toEqual([
      {
        field: 'healthChecks[0].protocol',
        message: '"redis ping" is not a protocol name: use capitals, digits and _, such as HTTP, TCP, COMMAND or one a plugin adds',
      },
    ]);
  });

  it('takes fractional seconds', () => {
    const parsed = parseAppDefinition({ id: '/a', cmd: 'x', healthChecks: [{ intervalSeconds: 0.25, timeoutSeconds: 0.5, gracePeriodSeconds: 1.5 }] });
    expect(parsed.ok && parsed.spec.healthChecks[0]).toMatchObject({ intervalSeconds: 0.25, timeoutSeconds: 0.5, gracePeriodSeconds: 1.5 });
  });
});
