// The scheduler's metrics as Prometheus sees them: drive the loop on the fake client, then scrape
// /metrics on 127.0.0.1.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errors } from '../api/errors';
import type { KubeObject, Pod } from '../api/types';
import { FakeClient, SharedInformerFactory, startMetricsServer } from '../client';
import { sampleValue, scrape } from '../client/testing/metrics-text';
import { FakeClock } from '../util';
import { Scheduler } from './scheduler';
import { makeNode, makePod } from './test-fixtures';

const obj = (o: object) => o as KubeObject;

describe('scheduler metrics', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it('counts attempts by result, observes latencies and shows the queues', async () => {
    const clock = new FakeClock();
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1', { cpu: '2' }))],
        ['pods', obj(makePod('web', { cpu: '1' }))],
        ['pods', obj(makePod('big', { cpu: '8' }))],
      ],
    });
    const factory = new SharedInformerFactory(client, { clock });
    const scheduler = new Scheduler({ client, factory, clock });
    const abort = new AbortController();
    const done = scheduler.run(abort.signal);
    const server = await startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      registry: scheduler.metrics.registry,
    });
    stops.push(async () => {
      abort.abort();
      factory.stop();
      await done;
      await server.close();
    });
    const pod = (name: string) => client.tracker.get('pods', 'default', name) as Pod;
    await vi.waitFor(() => expect(pod('web').spec?.nodeName).toBe('n1'));
    await vi.waitFor(() => expect(scheduler.stats.unschedulable).toBe(1));

    const { status, body } = await scrape(server.address);
    expect(status).toBe(200);
    const attempts = (result: string) =>
      sampleValue(body, 'k8ts_scheduler_schedule_attempts_total', { result });
    expect(attempts('scheduled')).toBe(1);
    expect(attempts('unschedulable')).toBe(1);
    expect(attempts('error')).toBe(0);
    expect(sampleValue(body, 'k8ts_scheduler_e2e_scheduling_duration_seconds_count')).toBe(2);
    expect(sampleValue(body, 'k8ts_scheduler_binding_duration_seconds_count')).toBe(1);
    const pending = (queue: string) => sampleValue(body, 'k8ts_scheduler_pending_pods', { queue });
    expect([pending('active'), pending('backoff'), pending('unschedulable')]).toEqual([0, 0, 1]);
  });

  it('counts a binding the apiserver rejects as an error', async () => {
    const clock = new FakeClock();
    const client = new FakeClient({
      clock,
      objects: [
        ['nodes', obj(makeNode('n1'))],
        ['pods', obj(makePod('web'))],
      ],
    });
    let failures = 1;
    client.prependReactor('create', 'pods/binding', () =>
      failures-- > 0 ? { error: errors.internal('etcdserver: request timed out') } : undefined,
    );
    const factory = new SharedInformerFactory(client, { clock });
    const scheduler = new Scheduler({ client, factory, clock });
    const abort = new AbortController();
    const done = scheduler.run(abort.signal);
    stops.push(async () => {
      abort.abort();
      factory.stop();
      await done;
    });
    await vi.waitFor(() => expect(scheduler.stats.bindFailures).toBe(1));
    const body = await scheduler.metrics.registry.metrics();
    expect(sampleValue(body, 'k8ts_scheduler_schedule_attempts_total', { result: 'error' })).toBe(1);
    expect(sampleValue(body, 'k8ts_scheduler_pending_pods', { queue: 'backoff' })).toBe(1);
  });
});
