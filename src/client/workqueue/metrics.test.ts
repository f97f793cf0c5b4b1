import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import { sampleValue } from '../testing/metrics-text';
import { WorkQueueMetrics } from './metrics';
import { runWorkers } from './run-workers';
import { WorkQueue } from './work-queue';

function setup(name = 'replicationmanager') {
  const registry = new Registry();
  const clock = new FakeClock();
  const queue = new WorkQueue<string>({ clock, name, metrics: new WorkQueueMetrics(registry) });
  const sample = async (metric: string, labels: Record<string, string> = { name }) =>
    sampleValue(await registry.metrics(), metric, labels);
  return { registry, clock, queue, sample };
}

describe('WorkQueueMetrics', () => {
  it('shows a queue with zero depth and no adds before its first key', async () => {
    const { sample } = setup();
    expect(await sample('k8ts_workqueue_depth')).toBe(0);
    expect(await sample('k8ts_workqueue_adds_total')).toBe(0);
  });

  it('counts adds once per queued key and tracks depth as keys come and go', async () => {
    const { queue, sample } = setup();
    queue.add('a');
    queue.add('b');
    queue.add('a'); // already queued: not an add
    expect(await sample('k8ts_workqueue_adds_total')).toBe(2);
    expect(await sample('k8ts_workqueue_depth')).toBe(2);
    await queue.get();
    expect(await sample('k8ts_workqueue_depth')).toBe(1);
  });

  it('measures time in queue and work time on the queue clock', async () => {
    const { queue, clock, sample } = setup();
    queue.add('a');
    clock.step(2000); // waits 2 s before a worker asks
    const key = await queue.get();
    clock.step(30); // the sync takes 30 ms
    queue.done(key!);
    expect(await sample('k8ts_workqueue_queue_duration_seconds_sum')).toBe(2);
    expect(
      await sample('k8ts_workqueue_queue_duration_seconds_bucket', { name: 'replicationmanager', le: '1' }),
    ).toBe(0);
    expect(
      await sample('k8ts_workqueue_queue_duration_seconds_bucket', { name: 'replicationmanager', le: '5' }),
    ).toBe(1);
    expect(await sample('k8ts_workqueue_work_duration_seconds_sum')).toBeCloseTo(0.03);
    expect(await sample('k8ts_workqueue_work_duration_seconds_count')).toBe(1);
  });

  it('counts failed syncs and their retries through runWorkers', async () => {
    const { queue, sample } = setup();
    let calls = 0;
    queue.add('a');
    const done = runWorkers(queue, 1, async () => {
      calls++;
      if (calls === 1) throw new Error('conflict');
      queue.shutDown();
    });
    // The retry waits on the fake clock: release it by shutting down after the failure was counted.
    await new Promise((r) => setImmediate(r));
    expect(await sample('k8ts_workqueue_sync_errors_total')).toBe(1);
    expect(await sample('k8ts_workqueue_retries_total')).toBe(1);
    queue.shutDown();
    await done;
  });

  it('keeps queues apart by name in one registry', async () => {
    const registry = new Registry();
    const metrics = new WorkQueueMetrics(registry);
    const a = new WorkQueue<string>({ clock: new FakeClock(), name: 'endpoint', metrics });
    const b = new WorkQueue<string>({ clock: new FakeClock(), name: 'garbagecollector', metrics });
    a.add('x');
    b.add('y');
    b.add('z');
    const text = await registry.metrics();
    expect(sampleValue(text, 'k8ts_workqueue_depth', { name: 'endpoint' })).toBe(1);
    expect(sampleValue(text, 'k8ts_workqueue_depth', { name: 'garbagecollector' })).toBe(2);
  });
});
