import { describe, expect, it } from 'vitest';
import type { Pod } from '../api/types';
import { FakeClock } from '../util';
import { SchedulingQueue } from './scheduling-queue';
import { makePod } from './test-fixtures';

const names = (q: SchedulingQueue) => q.counts();

async function popName(q: SchedulingQueue): Promise<string | undefined> {
  return (await q.pop())?.pod.metadata?.name;
}

describe('SchedulingQueue', () => {
  it('pops pods in arrival order, once each, keeping the newest object', async () => {
    const q = new SchedulingQueue({ clock: new FakeClock() });
    q.addOrUpdate(makePod('a'));
    q.addOrUpdate(makePod('b'));
    q.addOrUpdate(makePod('a', { cpu: '1' }));
    const first = await q.pop();
    expect(first?.pod.metadata?.name).toBe('a');
    expect(first?.pod.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '1' });
    expect(first?.attempts).toBe(1);
    expect(await popName(q)).toBe('b');
    expect(names(q)).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
  });

  it('wakes a waiting pop, and answers undefined once closed', async () => {
    const q = new SchedulingQueue({ clock: new FakeClock() });
    const waiting = popName(q);
    q.addOrUpdate(makePod('late'));
    expect(await waiting).toBe('late');
    const blocked = q.pop();
    q.close();
    expect(await blocked).toBeUndefined();
    q.addOrUpdate(makePod('after'));
    expect(await q.pop()).toBeUndefined();
  });

  it('backs a failing pod off 1 s, doubling per attempt up to 10 s', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock });
    q.addOrUpdate(makePod('p'));
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const entry = (await q.pop())!;
      q.addBackoff(entry);
      let waited = 0;
      while (q.counts().active === 0) {
        clock.step(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('parks an unschedulable pod until a cluster event, honouring its back-off', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock });
    q.addOrUpdate(makePod('p'));
    q.addUnschedulable((await q.pop())!);
    clock.step(5000);
    expect(names(q)).toEqual({ active: 0, backoff: 0, unschedulable: 1 });
    q.moveAllToActive(); // back-off (1 s) long over: straight to active
    expect(names(q)).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
    q.addUnschedulable((await q.pop())!); // second failure: 2 s back-off from now
    clock.step(500);
    q.moveAllToActive();
    expect(names(q)).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    clock.step(1499);
    expect(names(q).active).toBe(0);
    clock.step(1);
    expect(names(q).active).toBe(1);
  });

  it('retries a parked pod after 60 s even without a cluster event', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock });
    q.addOrUpdate(makePod('p'));
    q.addUnschedulable((await q.pop())!);
    clock.step(59_999);
    expect(names(q).unschedulable).toBe(1);
    clock.step(30_001); // the next flush after the 60 s mark
    expect(names(q)).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
  });

  it('wakes a parked pod whose spec changed, but not for a status-only update', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock });
    const pod = makePod('p', { cpu: '8' });
    q.addOrUpdate(pod);
    q.addUnschedulable((await q.pop())!);
    clock.step(5000);
    const withCondition: Pod = {
      ...pod,
      metadata: { ...pod.metadata, resourceVersion: '9' },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
    };
    q.addOrUpdate(withCondition);
    expect(names(q).unschedulable).toBe(1);
    q.addOrUpdate({ ...withCondition, metadata: { ...withCondition.metadata, labels: { tier: 'web' } } });
    expect(names(q)).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
  });

  it('forgets a deleted pod wherever it waits', async () => {
    const clock = new FakeClock();
    const q = new SchedulingQueue({ clock });
    const [a, b, c] = [makePod('a'), makePod('b'), makePod('c')];
    for (const p of [a, b, c]) q.addOrUpdate(p);
    q.addBackoff((await q.pop())!);
    q.addUnschedulable((await q.pop())!);
    for (const p of [a, b, c]) q.delete(p);
    expect(names(q)).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
    clock.step(10_000);
    expect(names(q).active).toBe(0);
  });
});
