// instrumentRuntime: the Runtime seen through KubeletMetrics — every operation timed and its failures
// counted by operation name, and each syncPod result offered to the pod start latency. It is the same
// object to its users (a Proxy over the runtime), so runtime-specific extras such as DockerRuntime.recover
// and FakeRuntime's test controls, and instanceof, keep working.
import type { Runtime } from '../runtime/runtime';
import type { KubeletMetrics } from './kubelet-metrics';

const OPERATIONS: ReadonlySet<string> = new Set<keyof Runtime>([
  'syncPod',
  'killPod',
  'killContainer',
  'listPods',
  'getPodStatus',
  'logs',
  'exec',
  'execStream',
  'attach',
  'imagePresent',
]);

export function instrumentRuntime<R extends Runtime>(runtime: R, metrics: KubeletMetrics): R {
  metrics.observeRuntime(() => runtime.listPods());
  return new Proxy(runtime, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || !OPERATIONS.has(prop)) return fn.bind(target);
      return async (...args: unknown[]) => {
        const result = await metrics.operation(prop, () => fn.apply(target, args) as Promise<unknown>);
        if (prop === 'syncPod') metrics.podSynced(result as Awaited<ReturnType<Runtime['syncPod']>>);
        return result;
      };
    },
  });
}
