// The whole loop against the fake client's watch: the informers deliver, the handlers enqueue, the
// workers sync, and the cluster converges — including after a pod is deleted behind the RC's back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KubeObject, Pod } from '../../api/types';
import { FakeClient, SharedInformerFactory } from '../../client';
import { FakeClock, sequentialIds } from '../../util';
import { T0, makeRC } from '../testing/fixtures';
import { runReplicationManager } from './replication-manager';

describe('runReplicationManager', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) await s();
  });

  it('keeps the RC at its replica count', async () => {
    const clock = new FakeClock(T0);
    const rc = structuredClone(makeRC('web', { replicas: 3 })) as KubeObject;
    const client = new FakeClient({ objects: [['replicationcontrollers', rc]], clock, ids: sequentialIds() });
    const factory = new SharedInformerFactory(client, { clock });
    const abort = new AbortController();
    const done = runReplicationManager({ client, factory, clock, signal: abort.signal, workers: 2 });
    stops.push(async () => {
      abort.abort();
      factory.stop();
      await done;
    });
    const pods = () => client.tracker.list('pods', {}).items as Pod[];
    await vi.waitFor(() => expect(pods()).toHaveLength(3));
    await vi.waitFor(() =>
      expect(client.tracker.get('replicationcontrollers', 'default', 'web').status).toMatchObject({
        replicas: 3,
      }),
    );
    const victim = pods()[0]!.metadata!.name!;
    await client.delete('pods', 'default', victim);
    await vi.waitFor(() => {
      expect(pods()).toHaveLength(3);
      expect(pods().map((p) => p.metadata!.name)).not.toContain(victim);
    });
    expect(client.writes().filter((a) => a.verb === 'create' && a.resource === 'pods')).toHaveLength(4);
  });
});
