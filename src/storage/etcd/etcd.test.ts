// The etcd backend: the shared conformance suite against a real 3-member etcd cluster, plus what only a
// networked backend can show (losing a member, losing every member).
// The cluster is this file's own, not the shared one from global setup: compaction is cluster-wide and would
// break other files' watches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEtcd, startEtcdCluster, type EtcdCluster } from '../../../test/support/etcd';
import { runStoreConformance } from '../conformance';
import { isStorageError, type StorageError } from '../store';
import { openEtcdStore, type EtcdStore } from './etcd-store';

let cluster: EtcdCluster;
let seq = 0;
const uniquePrefix = () => `/k8ts-test-${process.pid}-${++seq}`;

beforeAll(async () => {
  cluster = await startEtcdCluster(3, { name: 'k8ts-storage' });
});
afterAll(async () => {
  await cluster?.stop();
});

runStoreConformance('etcd', async () => {
  const prefix = uniquePrefix();
  const open = () => openEtcdStore({ endpoints: cluster.endpoints, prefix, compactWindow: 0 });
  const h = {
    store: open() as EtcdStore,
    async reopen() {
      await h.store.close();
      h.store = open();
      return h.store;
    },
    async cleanup() {
      await h.store.close();
    },
  };
  return h;
});

describe('etcd store', () => {
  it('keeps working when one of three members stops', async () => {
    // Uses a cluster of its own: stopping a member of the shared one would slow every other test.
    const own = await startEtcdCluster(3, { name: 'k8ts-failover' });
    const store = openEtcdStore({ endpoints: own.endpoints, compactWindow: 0, callTimeoutMs: 5000 });
    try {
      const kv = await store.create('/registry/pods/ns/a', '1');
      await own.members[0]!.stop();
      const updated = await store.update('/registry/pods/ns/a', '2', kv.modRevision);
      expect((await store.get('/registry/pods/ns/a'))?.value).toBe('2');
      expect(updated.modRevision).toBeGreaterThan(kv.modRevision);
    } finally {
      await store.close();
      await own.stop();
    }
  });

  it('reports Unavailable to calls and watchers when etcd is gone', async () => {
    const lone = await startEtcd({ name: 'k8ts-unavailable' });
    const store = openEtcdStore({ endpoints: lone.endpoints, compactWindow: 0, callTimeoutMs: 1000 });
    try {
      const kv = await store.create('/registry/pods/ns/a', '1');
      const errors: StorageError[] = [];
      const gotError = new Promise<void>((resolve) => {
        store.watch(
          '/registry/',
          kv.modRevision,
          () => {},
          (e) => {
            errors.push(e);
            resolve();
          },
        );
      });
      await new Promise((r) => setTimeout(r, 200)); // let the watch attach before the server goes
      await lone.stop();
      await gotError;
      expect(errors.map((e) => e.code)).toEqual(['Unavailable']);
      const failed = await store.get('/registry/pods/ns/a').catch((e: unknown) => e);
      expect(isStorageError(failed, 'Unavailable')).toBe(true);
    } finally {
      await store.close();
      await lone.stop();
    }
  });
});
