// The controller-manager's work-queue metrics as Prometheus sees them: run every controller on the fake
// client, make one sync fail, then scrape /metrics on 127.0.0.1.
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errors } from '../api/errors';
import type { KubeObject, Pod } from '../api/types';
import { FakeClient, startMetricsServer } from '../client';
import { WorkQueueMetrics } from '../client/workqueue/metrics';
import { sampleValue, scrape } from '../client/testing/metrics-text';
import { FakeClock, sequentialIds } from '../util';
import { startControllerManager } from './controller-manager';
import { T0, makeRC } from './testing/fixtures';

describe('controller-manager metrics', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it('shows each controller queue, its adds and work, and counts failed syncs', async () => {
    const clock = new FakeClock(T0);
    const rc = structuredClone(makeRC('web', { replicas: 2 })) as KubeObject;
    const client = new FakeClient({ objects: [['replicationcontrollers', rc]], clock, ids: sequentialIds() });
    let failures = 1;
    client.prependReactor('create', 'pods', () =>
      failures-- > 0 ? { error: errors.internal('etcdserver: request timed out') } : undefined,
    );
    const registry = new Registry();
    const cm = startControllerManager({ client, clock, metrics: new WorkQueueMetrics(registry) });
    const server = await startMetricsServer({ host: '127.0.0.1', port: 0, registry });
    stops.push(async () => {
      await cm.stop();
      await server.close();
    });
    const metric = async (name: string, queue: string) =>
      sampleValue((await scrape(server.address)).body, name, { name: queue });

    await vi.waitFor(async () =>
      expect(await metric('k8ts_workqueue_sync_errors_total', 'replicationmanager')).toBe(1),
    );
    expect(await metric('k8ts_workqueue_retries_total', 'replicationmanager')).toBe(1);
    clock.step(10); // the retry's back-off (5 ms) runs out
    await vi.waitFor(() => expect(client.tracker.list('pods', {}).items as Pod[]).toHaveLength(2));
    await vi.waitFor(async () =>
      expect(await metric('k8ts_workqueue_adds_total', 'replicationmanager')).toBeGreaterThanOrEqual(2),
    );
    expect(
      await metric('k8ts_workqueue_work_duration_seconds_count', 'replicationmanager'),
    ).toBeGreaterThanOrEqual(2);
    for (const queue of ['endpoint', 'nodelifecycle', 'garbagecollector'])
      expect(await metric('k8ts_workqueue_depth', queue)).toBeDefined();
    expect(await scrape(server.address, '/healthz')).toEqual({ status: 200, body: 'ok' });
  });
});
