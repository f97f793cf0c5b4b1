// The kubelet's metrics as Prometheus sees them: a standalone kubelet on the hollow runtime and a fake clock
// starts a pod, then its own server's /metrics is scraped on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { errors } from '../../api/errors';
import { sampleValue, scrape } from '../../client/testing/metrics-text';
import { FakeClock } from '../../util';
import { ManualSource } from '../config/testing';
import { Kubelet } from '../kubelet';
import { staticPod } from '../kubelet-testing';
import { FakeRuntime } from '../runtime';
import { startKubeletServer, type KubeletServer } from '../server';
import { KubeletMetrics } from './kubelet-metrics';

const settle = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
};

describe('kubelet metrics', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  async function start() {
    const clock = new FakeClock();
    const runtime = new FakeRuntime({ clock, startLatencyMs: 3000 });
    const files = new ManualSource('file');
    const metrics = new KubeletMetrics(clock);
    const kubelet = new Kubelet({
      nodeName: 'node-1',
      runtime,
      sources: [files],
      clock,
      nodeIp: '10.240.0.2',
      resyncIntervalMs: 1000,
      metrics,
    });
    await kubelet.start();
    const server: KubeletServer = await startKubeletServer({ kubelet, port: 0, address: '127.0.0.1' });
    stops.push(async () => {
      await kubelet.stop();
      await server.close();
    });
    const step = async (ms: number) => {
      for (let t = 0; t < ms; t += 1000) {
        clock.step(Math.min(1000, ms - t));
        await settle();
      }
    };
    const body = async () => (await scrape(`127.0.0.1:${server.port}`)).body;
    return { clock, runtime, files, kubelet, step, body };
  }

  it('observes pod start latency, runtime operations, running pods and the sync loops', async () => {
    const k = await start();
    k.files.push([
      staticPod('web', {
        containers: [
          { name: 'a', image: 'busybox' },
          { name: 'b', image: 'busybox' },
        ],
      }),
    ]);
    await settle();
    expect(sampleValue(await k.body(), 'k8ts_kubelet_pod_start_duration_seconds_count')).toBe(0);
    await k.step(4000); // the containers take 3 s to start; the 1 s resync sees them running
    const body = await k.body();
    expect(sampleValue(body, 'k8ts_kubelet_pod_start_duration_seconds_count')).toBe(1);
    const started = sampleValue(body, 'k8ts_kubelet_pod_start_duration_seconds_sum')!;
    expect(started).toBeGreaterThanOrEqual(3);
    expect(started).toBeLessThanOrEqual(4);
    expect(sampleValue(body, 'k8ts_kubelet_running_pods')).toBe(1);
    expect(sampleValue(body, 'k8ts_kubelet_running_containers')).toBe(2);
    const syncs = sampleValue(body, 'k8ts_kubelet_runtime_operations_duration_seconds_count', {
      operation: 'syncPod',
    });
    expect(syncs).toBeGreaterThanOrEqual(2);
    expect(sampleValue(body, 'k8ts_kubelet_pod_worker_duration_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(sampleValue(body, 'k8ts_kubelet_housekeeping_duration_seconds_count')).toBeGreaterThanOrEqual(3);

    await k.step(5000); // later resyncs of a running pod do not observe its start again
    expect(sampleValue(await k.body(), 'k8ts_kubelet_pod_start_duration_seconds_count')).toBe(1);
  });

  it('counts failed runtime operations by operation', async () => {
    const k = await start();
    const failing = k.runtime.syncPod.bind(k.runtime);
    let failures = 1;
    k.runtime.syncPod = (pod, o) =>
      failures-- > 0 ? Promise.reject(errors.internal('docker: connection refused')) : failing(pod, o);
    k.files.push([staticPod('web')]);
    await settle();
    const body = await k.body();
    expect(sampleValue(body, 'k8ts_kubelet_runtime_operations_errors_total', { operation: 'syncPod' })).toBe(
      1,
    );
    expect(k.kubelet.runtime).toBeInstanceOf(FakeRuntime); // the instrumented runtime is still the runtime
  });
});
