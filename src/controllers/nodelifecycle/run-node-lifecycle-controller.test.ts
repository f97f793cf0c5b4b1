// The node lifecycle loop against the fake client: its workers sync several nodes at once, and every new node
// still gets a pod range of its own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject, Node } from '../../api/types';
import { FakeClient, SharedInformerFactory } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { NODE_SYNC_WORKERS, runNodeLifecycleController } from './run-node-lifecycle-controller';

describe('runNodeLifecycleController', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it('gives each of many new nodes a distinct pod range with its default workers running at once', async () => {
    const clock = new FakeClock();
    const count = NODE_SYNC_WORKERS * 4;
    const objects = Array.from({ length: count }, (_, i): [string, KubeObject] => [
      'nodes',
      { metadata: { name: `n${i}` } } as KubeObject,
    ]);
    const client = new FakeClient({ objects, clock, ids: sequentialIds() });
    const factory = new SharedInformerFactory(client, { clock });
    const abort = new AbortController();
    const done = runNodeLifecycleController({ client, factory, clock, signal: abort.signal });
    stops.push(async () => {
      abort.abort();
      factory.stop();
      await done;
    });
    const ranges = () =>
      (client.tracker.list('nodes', {}).items as Node[]).map((n) => n.spec?.podCIDR).filter(Boolean);
    await vi.waitFor(() => expect(ranges()).toHaveLength(count));
    expect(new Set(ranges()).size).toBe(count);
    expect(ranges()).toContain('10.244.0.0/24');
  });
});
