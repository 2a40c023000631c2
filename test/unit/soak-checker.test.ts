import { describe, expect, it } from 'vitest';
import { checkRolling, judgeSubscriber } from '../soak/checker/index.ts';
import { History } from '../soak/history.ts';

// The soak's checker must see a violation when there is one: a checker that passes everything proves nothing.
describe("the soak checker's judgement", () => {
  const subscriber = (received: number[]) => ({ name: 'reader', startCursor: 10, received, resumptions: 1 });

  it('accepts a subscriber that received every event after its cursor once, in order, across numbering holes', () => {
    expect(judgeSubscriber(subscriber([11, 12, 14, 15]), [9, 10, 11, 12, 14, 15])).toEqual([]);
  });

  it('names an event received twice after a resumption, one missed, one out of order and one the store never had', () => {
    expect(judgeSubscriber(subscriber([11, 12, 12, 15]), [10, 11, 12, 14, 15])).toEqual([
      'reader received 12 twice',
      'reader missed 1 events after its cursor 10: 14',
    ]);
    expect(judgeSubscriber(subscriber([12, 11]), [11, 12])).toEqual(['reader received 11 after 12']);
    expect(judgeSubscriber(subscriber([11, 13]), [11])).toEqual(['reader received 13, which the store does not have']);
  });

  it('flags ready tasks below minimumHealthCapacity once a deployment had reached it, unless a fault or the operator was near', () => {
    const history = new History();
    const t = 1_000_000;
    history.capacity.push(
      { at: t, appId: '/a', deploymentId: 'd1', ready: 1, required: 2 }, // not yet at the floor: the deployment began below it
      { at: t + 1000, appId: '/a', deploymentId: 'd1', ready: 2, required: 2 },
      { at: t + 2000, appId: '/a', deploymentId: 'd1', ready: 1, required: 2 },
    );
    expect(checkRolling(history).violations).toEqual([`/a deployment d1: 1 ready < 2 at ${new Date(t + 2000).toISOString()}`]);

    history.faults.push({ kind: 'agent-kill', target: 'agent-1', startedAt: t + 1500, endedAt: t + 1800 });
    expect(checkRolling(history).holds).toBe(true);
  });
});
