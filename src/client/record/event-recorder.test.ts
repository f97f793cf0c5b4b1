import { describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import type { Event, ObjectReference } from '../../api/types';
import { FakeClock } from '../../util';
import { FakeClient } from '../fake';
import { EventRecorder, type EventType } from './event-recorder';

const T0 = Date.UTC(2026, 0, 1);
const stored = (client: FakeClient) => client.tracker.list('events', {}).items as unknown as Event[];
const pod = (name: string, uid = `uid-${name}`): ObjectReference => ({
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'default',
  name,
  uid,
});

/** One occurrence: after `atMs` on the clock (from T0), `ref` gets `reason`/`message`. */
interface Occurrence {
  atMs: number;
  ref: ObjectReference;
  reason: string;
  message: string;
  type?: EventType;
}

const web = pod('web');
const cases: {
  name: string;
  occurrences: Occurrence[];
  /** Per stored event: [involved object name, reason, count, firstTimestamp, lastTimestamp]. */
  want: [string, string, number, string, string][];
  verbs: string[];
}[] = [
  {
    name: 'one occurrence is one event with count 1',
    occurrences: [{ atMs: 0, ref: web, reason: 'Scheduled', message: 'placed' }],
    want: [['web', 'Scheduled', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z']],
    verbs: ['create'],
  },
  {
    name: 'a repeat within 10 minutes counts up the same event',
    occurrences: [
      { atMs: 0, ref: web, reason: 'BackOff', message: 'Back-off restarting failed container' },
      { atMs: 60_000, ref: web, reason: 'BackOff', message: 'Back-off restarting failed container' },
      { atMs: 120_000, ref: web, reason: 'BackOff', message: 'Back-off restarting failed container' },
    ],
    want: [['web', 'BackOff', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z']],
    verbs: ['create', 'patch', 'patch'],
  },
  {
    name: 'a repeat after more than 10 minutes of silence is a new event',
    occurrences: [
      { atMs: 0, ref: web, reason: 'Unhealthy', message: 'Liveness probe failed' },
      { atMs: 11 * 60_000, ref: web, reason: 'Unhealthy', message: 'Liveness probe failed' },
    ],
    want: [
      ['web', 'Unhealthy', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['web', 'Unhealthy', 1, '2026-01-01T00:11:00Z', '2026-01-01T00:11:00Z'],
    ],
    verbs: ['create', 'create'],
  },
  {
    name: 'the window runs from the last occurrence, not the first',
    occurrences: [0, 6, 12, 18].map((m) => ({
      atMs: m * 60_000,
      ref: web,
      reason: 'FailedScheduling',
      message: '0/1 nodes are available',
    })),
    want: [['web', 'FailedScheduling', 4, '2026-01-01T00:00:00Z', '2026-01-01T00:18:00Z']],
    verbs: ['create', 'patch', 'patch', 'patch'],
  },
  {
    name: 'another message, reason, type or object is another event',
    occurrences: [
      { atMs: 0, ref: web, reason: 'Killing', message: 'Stopping container a' },
      { atMs: 0, ref: web, reason: 'Killing', message: 'Stopping container b' },
      { atMs: 0, ref: web, reason: 'Started', message: 'Stopping container a' },
      { atMs: 0, ref: web, reason: 'Killing', message: 'Stopping container a', type: 'Warning' },
      { atMs: 0, ref: pod('db'), reason: 'Killing', message: 'Stopping container a' },
      {
        atMs: 0,
        ref: { ...web, fieldPath: 'spec.containers{a}' },
        reason: 'Killing',
        message: 'Stopping container a',
      },
    ],
    want: [
      ['web', 'Killing', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['web', 'Killing', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['web', 'Started', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['web', 'Killing', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['db', 'Killing', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['web', 'Killing', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
    ],
    verbs: ['create', 'create', 'create', 'create', 'create', 'create'],
  },
];

describe('EventRecorder', () => {
  it.each(cases)('$name', async ({ occurrences, want, verbs }) => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new EventRecorder({ client, clock, component: 'kubelet', host: 'node-1', concurrency: 1 });
    let at = 0;
    for (const o of occurrences) {
      clock.step(o.atMs - at);
      at = o.atMs;
      events.record(o.ref, o.type ?? 'Normal', o.reason, o.message);
      await events.flush(); // each occurrence written before the next: no folding
    }
    expect(client.writes().map((a) => a.verb)).toEqual(verbs);
    const got = stored(client).map((e) => [
      e.involvedObject.name,
      e.reason,
      e.count,
      e.firstTimestamp,
      e.lastTimestamp,
    ]);
    expect(got).toEqual(want);
  });

  it('writes events from the component and host with the object it is about', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new EventRecorder({ client, clock, component: 'kubelet', host: 'node-1' });
    events.record({ ...web, fieldPath: 'spec.containers{a}' }, 'Normal', 'Pulled', 'image present');
    await events.flush();
    expect(stored(client)).toMatchObject([
      {
        metadata: { name: `web.${T0.toString(16)}0000`, namespace: 'default' },
        involvedObject: { kind: 'Pod', name: 'web', uid: 'uid-web', fieldPath: 'spec.containers{a}' },
        type: 'Normal',
        source: { component: 'kubelet', host: 'node-1' },
        reportingComponent: 'kubelet',
        reportingInstance: 'node-1',
        count: 1,
      },
    ]);
  });

  it('cuts messages longer than 1 KiB, so a quoted manifest never rides along whole', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new EventRecorder({ client, clock, component: 'kubelet', host: 'node-1' });
    events.record(web, 'Warning', 'FailedValidation', `bad manifest: ${'x'.repeat(100_000)}`);
    await events.flush();
    const [event] = stored(client);
    expect(event!.message).toHaveLength(1024);
    expect(event!.message!.endsWith('xxx...')).toBe(true);
  });

  it('folds repeats that arrive while a write is in flight into one count update', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new EventRecorder({ client, clock, component: 'default-scheduler' });
    for (let i = 0; i < 5; i++) events.record(web, 'Warning', 'FailedScheduling', 'no room');
    await events.flush();
    expect(client.writes().map((a) => a.verb)).toEqual(['create', 'patch']);
    expect(stored(client).map((e) => e.count)).toEqual([5]);
  });

  it('creates the event again when the one it would count up was deleted', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    const events = new EventRecorder({ client, clock, component: 'kubelet' });
    events.record(web, 'Warning', 'BackOff', 'back-off');
    await events.flush();
    await client.deleteCollection('events', 'default');
    clock.step(5000);
    events.record(web, 'Warning', 'BackOff', 'back-off');
    await events.flush();
    expect(client.writes().map((a) => a.verb)).toEqual(['create', 'deletecollection', 'patch', 'create']);
    expect(stored(client).map((e) => [e.count, e.lastTimestamp])).toEqual([[2, '2026-01-01T00:00:05Z']]);
  });

  it('drops new events, and counts them, while the backlog is full; gives up on refused writes', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({ clock });
    client.prependReactor('create', 'events', (a) =>
      (a.object as Event).message === 'p0' ? { error: errors.forbidden('events is forbidden') } : undefined,
    );
    const events = new EventRecorder({ client, clock, component: 'kubelet', concurrency: 1, maxQueued: 2 });
    for (let i = 0; i < 5; i++) events.record(pod(`p${i}`), 'Normal', 'Started', `p${i}`);
    expect(events.dropped).toBe(2); // one in flight, two queued
    await events.flush();
    expect(stored(client).map((e) => e.message)).toEqual(['p1', 'p2']);
  });
});
