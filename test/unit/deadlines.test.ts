import { describe, expect, it } from 'vitest';
import { nextDecisionAt, type ClockInput } from '../../src/scheduler/index.ts';
import type { App, Task } from '../../src/generated/prisma/client.ts';
import { anApp, aSpec, aTask } from '../helpers/builders.ts';

const now = Date.parse('2026-11-25T12:00:00Z');
const UNREACHABLE_AFTER_MS = 15_000;
const spec = aSpec;
const app = (extra: Partial<Omit<App, 'spec'>> & { spec?: ReturnType<typeof aSpec> } = {}) => anApp(extra);
const task = (extra: Partial<Task> = {}) => aTask({ id: 't1', startedAt: new Date(now - 60_000), ...extra });
const at = (input: Partial<ClockInput>) =>
  nextDecisionAt({
    apps: [app()],
    activeTasks: [],
    agents: { earliestSeen: null, lastSeenOf: () => undefined },
    unreachableAfterMs: UNREACHABLE_AFTER_MS,
    judgesSilenceFrom: 0,
    now,
    ...input,
  });

// Between events the control loop sleeps until one of these: each is a decision that time alone changes.
describe('when the control loop must look again with no event', () => {
  it('never, for a settled cluster with no agent', () => {
    expect(at({ activeTasks: [task()] })).toBe(Infinity);
  });

  it('when a launch delay ends', () => {
    expect(at({ apps: [app({ launchDelayUntil: new Date(now + 4000) })] })).toBe(now + 4000);
  });

  it('when a task has stayed up long enough to clear its app backoff', () => {
    const startedAt = new Date(now - 3000);
    expect(at({ apps: [app({ launchDelaySeconds: 2 })], activeTasks: [task({ startedAt })] })).toBe(startedAt.getTime() + 10_000);
  });

  it('when the agent seen longest ago would fall silent, but not before this gateway has led long enough to judge', () => {
    const agents = { earliestSeen: new Date(now - 5000), lastSeenOf: () => undefined };
    expect(at({ agents })).toBe(now - 5000 + UNREACHABLE_AFTER_MS);
    expect(at({ agents, judgesSilenceFrom: now + 30_000 })).toBe(now + 30_000);
  });

  it('when an unreachable task becomes inactive, and when it is expunged', () => {
    const lastSeen = new Date(now - UNREACHABLE_AFTER_MS - 1000); // away for 1 s
    const agents = { earliestSeen: null, lastSeenOf: (agentId: string | null) => (agentId === 'a1' ? lastSeen : undefined) };
    const strategy = (inactiveAfterSeconds: number, expungeAfterSeconds: number) => [
      app({ spec: spec({ unreachableStrategy: { inactiveAfterSeconds, expungeAfterSeconds } }) }),
    ];
    const disabled = [app({ spec: spec({ unreachableStrategy: 'disabled' }) })];
    const away = task({ state: 'UNREACHABLE' });
    expect(at({ apps: strategy(60, 600), agents, activeTasks: [away] })).toBe(now + 59_000);
    // Inactive already (acted on by the pass that computed this): next comes the expunge.
    expect(at({ apps: strategy(0, 600), agents, activeTasks: [away] })).toBe(now + 599_000);
    // Marathon's 0: both at once, so already done by the pass that computed this.
    expect(at({ apps: strategy(0, 0), agents, activeTasks: [away] })).toBe(Infinity);
    // "disabled": it waits for its agent, whatever the time.
    expect(at({ apps: disabled, agents, activeTasks: [away] })).toBe(Infinity);
  });

  it('when a deleted app record is due to go', () => {
    expect(at({ apps: [app({ deletedAt: new Date(now - 1000) })] })).toBe(now + 59_000);
  });
});
