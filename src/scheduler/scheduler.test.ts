// The scheduling loop against the fake client: informers deliver nodes and pods, the queue feeds the
// cycle, bindings and events are the API calls a user would see.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errors } from '../api/errors';
import type { KubeObject, Pod } from '../api/types';
import { FakeClient, SharedInformerFactory, type Action } from '../client';
import { FakeClock } from '../util';
import { Scheduler, type SchedulerOptions } from './scheduler';
import { makeNode, makePod } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1);
const obj = (o: object) => o as KubeObject;

describe('Scheduler', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  function start(client: FakeClient, clock: FakeClock, o: Partial<SchedulerOptions> = {}): Scheduler {
    const factory = new SharedInformerFactory(client, { clock });
    const scheduler = new Scheduler({ client, factory, clock, ...o });
    const abort = new AbortController();
    const done = scheduler.run(abort.signal);
    stops.push(async () => {
      abort.abort();
      factory.stop();
      await done;
    });
    return scheduler;
  }

  const podOf = (client: FakeClient, name: string) => client.tracker.get('pods', 'default', name) as Pod;
  const writes = (client: FakeClient) => client.writes().map(summary);

  it('binds a pod to the only node it fits and records a Scheduled event', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1', { cpu: '4' }))],
        ['nodes', obj(makeNode('n2', { cpu: '1' }))],
        ['pods', obj(makePod('web-1', { cpu: '2' }))],
      ],
    });
    const scheduler = start(client, clock);
    await vi.waitFor(() => expect(podOf(client, 'web-1').spec?.nodeName).toBe('n1'));
    await scheduler.events.flush();
    expect(client.writes()).toEqual([
      {
        verb: 'create',
        resource: 'pods',
        namespace: 'default',
        name: 'web-1',
        subresource: 'binding',
        object: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { name: 'web-1', namespace: 'default' },
          target: { apiVersion: 'v1', kind: 'Node', name: 'n1' },
        },
      },
      {
        verb: 'create',
        resource: 'events',
        namespace: 'default',
        object: expect.objectContaining({
          type: 'Normal',
          reason: 'Scheduled',
          message: 'Successfully assigned default/web-1 to n1',
          action: 'Binding',
          count: 1,
          source: { component: 'default-scheduler' },
          reportingComponent: 'default-scheduler',
          involvedObject: expect.objectContaining({ kind: 'Pod', name: 'web-1', uid: 'uid-default-web-1' }),
        }),
      },
    ]);
    expect(scheduler.stats).toEqual({ scheduled: 1, unschedulable: 0, bindFailures: 0 });
  });

  it('reports a pod that fits nowhere, and schedules it once a fitting node appears', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1', { cpu: '1' }))],
        ['nodes', obj(makeNode('n2', { cpu: '2' }))],
        ['pods', obj(makePod('big', { cpu: '3' }))],
      ],
    });
    const scheduler = start(client, clock);
    const message = '0/2 nodes are available: 2 Insufficient cpu.';
    await vi.waitFor(() =>
      expect(podOf(client, 'big').status?.conditions).toEqual([
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message,
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ]),
    );
    await scheduler.events.flush();
    expect(writes(client)).toEqual([
      'create events Warning FailedScheduling: ' + message,
      'patch pods/status big',
    ]);
    expect(scheduler.queue.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 1 });

    await client.create('nodes', undefined, obj(makeNode('n3', { cpu: '8' })));
    // The new node wakes the pod, which still waits out its 1 s back-off.
    expect(scheduler.queue.counts()).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    clock.step(999);
    expect(podOf(client, 'big').spec?.nodeName).toBeUndefined();
    clock.step(1);
    await vi.waitFor(() => expect(podOf(client, 'big').spec?.nodeName).toBe('n3'));
    await scheduler.events.flush();
    expect(writes(client).slice(3)).toEqual([
      'create pods/binding big',
      'create events Normal Scheduled: Successfully assigned default/big to n3',
    ]);
  });

  it('counts repeated failures on one event instead of writing new ones', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1', { cpu: '1' }))],
        ['pods', obj(makePod('big', { cpu: '3' }))],
      ],
    });
    const scheduler = start(client, clock);
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(1));
    // A node change that does not help: the pod is retried, fails the same way.
    await client.create('nodes', undefined, obj(makeNode('n2', { cpu: '1' })));
    clock.step(1000);
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(2));
    await scheduler.events.flush();
    const events = client.tracker.list('events', {}).items;
    expect(events.map((e) => [(e as { message?: string }).message, (e as { count?: number }).count])).toEqual(
      [
        ['0/1 nodes are available: 1 Insufficient cpu.', 1],
        ['0/2 nodes are available: 2 Insufficient cpu.', 1],
      ],
    );
    // Another change that does not help: the same message again only counts up the existing event.
    await client.patch('nodes', undefined, 'n2', 'merge', { metadata: { labels: { x: 'y' } } });
    clock.step(2000);
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(3));
    await scheduler.events.flush();
    const counts = client.tracker.list('events', {}).items.map((e) => (e as { count?: number }).count);
    expect(counts).toEqual([1, 2]);
    expect(
      client
        .writes()
        .filter((w) => w.resource === 'events')
        .map((w) => w.verb),
    ).toEqual(['create', 'create', 'patch']);
  });

  it('never over-commits a node while many bindings are in flight', async () => {
    const clock = new FakeClock(T0);
    const nodes = Array.from({ length: 10 }, (_, i) => ['nodes', obj(makeNode(`n${i}`, { cpu: '1' }))]);
    const pods = Array.from({ length: 110 }, (_, i) => ['pods', obj(makePod(`p${i}`, { cpu: '100m' }))]);
    const client = new FakeClient({ clock, objects: [...nodes, ...pods] as [string, KubeObject][] });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const bindings: string[] = [];
    const bind = client.createSubresource.bind(client);
    client.createSubresource = async (...args: Parameters<typeof bind>) => {
      bindings.push(args[2]);
      await gate;
      return bind(...args);
    };
    const scheduler = start(client, clock, { parallelBinds: 200 });
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(10));
    expect(bindings).toHaveLength(100); // all decided and sent before any binding answered
    const assumed = scheduler.cache.nodeInfos().map((n) => n.podCount);
    expect(assumed).toEqual(Array(10).fill(10));
    release();
    await vi.waitFor(() => expect(scheduler.stats.scheduled).toBe(100));
    const perNode = new Map<string, number>();
    for (const p of client.tracker.list('pods', {}).items as Pod[]) {
      const n = p.spec?.nodeName;
      if (n) perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect([...perNode.values()]).toEqual(Array(10).fill(10));
  });

  it('leaves pods that already have a node alone, but counts what they use', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1', { cpu: '2' }))],
        ['pods', obj(makePod('pinned', { cpu: '1500m', nodeName: 'n1' }))],
        ['pods', obj(makePod('other-scheduler', { cpu: '100m' }))],
        ['pods', obj(makePod('web', { cpu: '1' }))],
      ],
    });
    const p = client.tracker.get('pods', 'default', 'other-scheduler') as Pod;
    client.tracker.update(
      'pods',
      'default',
      obj({ ...p, spec: { ...p.spec, schedulerName: 'my-scheduler' } }),
    );
    const scheduler = start(client, clock);
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(1));
    await scheduler.events.flush();
    expect(writes(client)).toEqual([
      'create events Warning FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu.',
      'patch pods/status web',
    ]);
    expect(podOf(client, 'pinned').spec?.nodeName).toBe('n1');
    expect(podOf(client, 'other-scheduler').spec?.nodeName).toBeUndefined();

    // Deleting the pinned pod frees the node: the waiting pod is retried (after its back-off) and fits.
    await client.delete('pods', 'default', 'pinned');
    clock.step(1000);
    await vi.waitFor(() => expect(podOf(client, 'web').spec?.nodeName).toBe('n1'));
  });

  it('retries a binding the apiserver refused after back-off, and drops one already assigned', async () => {
    const clock = new FakeClock(T0);
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1'))],
        ['pods', obj(makePod('flaky'))],
      ],
    });
    let failures = 1;
    client.prependReactor('create', 'pods/binding', (a) =>
      a.name === 'flaky' && failures-- > 0
        ? { error: errors.internal('etcdserver: request timed out') }
        : undefined,
    );
    const scheduler = start(client, clock);
    await vi.waitFor(() => expect(scheduler.stats.bindFailures).toBe(1));
    expect(scheduler.cache.podCount()).toBe(0); // the assumption was forgotten
    expect(scheduler.queue.counts().backoff).toBe(1);
    clock.step(1000);
    await vi.waitFor(() => expect(podOf(client, 'flaky').spec?.nodeName).toBe('n1'));
    await scheduler.events.flush();
    expect(writes(client)).toEqual([
      'create pods/binding flaky',
      'create events Warning FailedScheduling: Binding rejected: Internal error occurred: etcdserver: request timed out',
      'create pods/binding flaky',
      'create events Normal Scheduled: Successfully assigned default/flaky to n1',
    ]);

    client.prependReactor('create', 'pods/binding', (a) =>
      a.name === 'taken'
        ? { error: errors.conflict('pods/binding', 'taken', 'pod taken is already assigned to node "n9"') }
        : undefined,
    );
    client.clearActions();
    await client.create('pods', 'default', obj(makePod('taken')));
    await vi.waitFor(() => expect(writes(client)).toContain('create pods/binding taken'));
    await scheduler.events.flush();
    expect(writes(client)).toEqual(['create pods', 'create pods/binding taken']);
    expect(scheduler.queue.counts()).toEqual({ active: 0, backoff: 0, unschedulable: 0 });
    expect(scheduler.cache.podCount()).toBe(1);
  });
});

/** An action in one line: "create pods/binding web", "create events Normal Scheduled: ...". */
function summary(a: Action): string {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  if (a.resource === 'events' && a.verb === 'create') {
    const e = a.object as { type: string; reason: string; message: string };
    return `create events ${e.type} ${e.reason}: ${e.message}`;
  }
  return [a.verb, res, a.name].filter(Boolean).join(' ');
}
