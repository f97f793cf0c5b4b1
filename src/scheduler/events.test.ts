import { describe, expect, it } from 'vitest';
import { errors } from '../api/errors';
import type { Event } from '../api/types';
import { FakeClient } from '../client';
import { FakeClock } from '../util';
import { SchedulerEvents } from './events';
import { makePod } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1);
const stored = (client: FakeClient) => client.tracker.list('events', {}).items as unknown as Event[];

describe('SchedulerEvents', () => {
  it('folds repeats that arrive while the first write is in flight into one count update', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new SchedulerEvents({ client, clock, instance: 'sched-a' });
    const pod = makePod('web');
    for (let i = 0; i < 3; i++) events.record(pod, 'Warning', 'FailedScheduling', 'no room');
    await events.flush();
    expect(client.writes().map((a) => a.verb)).toEqual(['create', 'patch']);
    expect(stored(client)).toMatchObject([
      {
        metadata: { name: `web.${T0.toString(16)}0000`, namespace: 'default' },
        count: 3,
        type: 'Warning',
        reportingInstance: 'sched-a',
        firstTimestamp: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('writes a new event when the one it would count up is gone', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new SchedulerEvents({ client, clock });
    const pod = makePod('web');
    events.record(pod, 'Warning', 'FailedScheduling', 'no room');
    await events.flush();
    await client.deleteCollection('events', 'default');
    clock.step(5000);
    events.record(pod, 'Warning', 'FailedScheduling', 'no room');
    await events.flush();
    expect(stored(client).map((e) => [e.count, e.lastTimestamp])).toEqual([[2, '2026-01-01T00:00:05Z']]);
  });

  it('drops new events, and counts them, while the backlog is full', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const create = client.create.bind(client);
    client.create = (async (...args: Parameters<typeof create>) => {
      await gate;
      return create(...args);
    }) as typeof client.create;
    const events = new SchedulerEvents({ client, clock, concurrency: 1, maxQueued: 2 });
    for (let i = 0; i < 5; i++) events.record(makePod(`p${i}`), 'Normal', 'Scheduled', `p${i} placed`);
    expect(events.dropped).toBe(2); // one in flight, two queued
    release();
    await events.flush();
    expect(stored(client).map((e) => e.message)).toEqual(['p0 placed', 'p1 placed', 'p2 placed']);
  });

  it('logs and gives up on a write the apiserver refuses', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    client.prependReactor('create', 'events', () => ({ error: errors.forbidden('events is forbidden') }));
    const events = new SchedulerEvents({ client, clock });
    events.record(makePod('web'), 'Normal', 'Scheduled', 'placed');
    await events.flush();
    expect(client.writes()).toHaveLength(1);
  });
});
