// Acceptance: the official JavaScript client, @kubernetes/client-node 1.x, against the apiserver on both
// stores — CoreV1Api list/create/merge-patch/delete of pods and an informer (list, then watch) that sees the
// add, the update and the delete. The kubeconfig is built in code, so ~/.kube is never read.
import {
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  makeInformer,
  setHeaderOptions,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type StoreKind, type TestServer } from '../apiserver/harness';

function kubeConfig(server: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    // client-node 1.x refuses a plain http:// server unless skipTLSVerify is set ("HTTP protocol is not
    // allowed when skipTLSVerify is not set or false"); there is no TLS to verify on the insecure port.
    clusters: [{ name: 'k8ts', server, skipTLSVerify: true }],
    users: [{ name: 'anonymous' }],
    contexts: [{ name: 'k8ts', cluster: 'k8ts', user: 'anonymous', namespace: 'default' }],
    currentContext: 'k8ts',
  });
  return kc;
}

const pod = (name: string, labels: Record<string, string> = { app: name }): V1Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
});

/** client-node 1.x sends json-patch by default; a merge patch needs its content type set per call. */
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Resolves when cond holds; these are real sockets, so events take a moment to arrive. */
async function eventually(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each<StoreKind>(['sqlite', 'etcd'])(
  '@kubernetes/client-node against the apiserver on %s',
  (store) => {
    let t: TestServer;
    let api: CoreV1Api;
    let kc: KubeConfig;

    beforeAll(async () => {
      t = await startTestServer(store, inject('etcdEndpoints'));
      kc = kubeConfig(t.url);
      api = kc.makeApiClient(CoreV1Api);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('lists, creates, merge-patches and deletes a pod through CoreV1Api', async () => {
      const created = await api.createNamespacedPod({ namespace: 'default', body: pod('cn-a') });
      expect(created.metadata?.uid).toBeTruthy();
      expect(created.status?.phase).toBe('Pending');

      const list = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn-a' });
      expect(list.kind).toBe('PodList');
      expect(list.items.map((p) => p.metadata?.name)).toEqual(['cn-a']);
      expect(Number(list.metadata?.resourceVersion)).toBeGreaterThanOrEqual(
        Number(created.metadata?.resourceVersion),
      );

      const patched = await api.patchNamespacedPod(
        { namespace: 'default', name: 'cn-a', body: { metadata: { labels: { tier: 'front' } } } },
        mergePatch,
      );
      expect(patched.metadata?.labels).toEqual({ app: 'cn-a', tier: 'front' });
      expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(
        Number(created.metadata?.resourceVersion),
      );

      // The default patch type (json-patch) works too when the body is a JSON Patch.
      const jsonPatched = await api.patchNamespacedPod({
        namespace: 'default',
        name: 'cn-a',
        body: [{ op: 'replace', path: '/metadata/labels/tier', value: 'back' }],
      });
      expect(jsonPatched.metadata?.labels?.tier).toBe('back');

      await api.deleteNamespacedPod({ namespace: 'default', name: 'cn-a' });
      const after = await api.listNamespacedPod({ namespace: 'default', labelSelector: 'app=cn-a' });
      expect(after.items).toEqual([]);
    });

    it('answers errors as Status objects the client surfaces with their code', async () => {
      await api.createNamespacedPod({ namespace: 'default', body: pod('cn-dup') });
      const dup = await api
        .createNamespacedPod({ namespace: 'default', body: pod('cn-dup') })
        .catch((e) => e);
      expect(dup).toMatchObject({ code: 409 });
      expect(JSON.parse((dup as { body: string }).body)).toMatchObject({
        kind: 'Status',
        reason: 'AlreadyExists',
      });
      const missing = await api.readNamespacedPod({ namespace: 'default', name: 'cn-none' }).catch((e) => e);
      expect(missing).toMatchObject({ code: 404 });
      await api.deleteNamespacedPod({ namespace: 'default', name: 'cn-dup' });
    });

    it('runs an informer that sees the add, the update and the delete', async () => {
      await api.createNamespacedPod({ namespace: 'default', body: pod('inf-before', { informer: 'yes' }) });
      const informer = makeInformer<V1Pod>(
        kc,
        '/api/v1/namespaces/default/pods',
        () => api.listNamespacedPod({ namespace: 'default', labelSelector: 'informer=yes' }),
        'informer=yes',
      );
      const seen: string[] = [];
      const record = (verb: string) => (p: V1Pod) =>
        seen.push(`${verb} ${p.metadata?.name} ${p.metadata?.labels?.stage ?? '-'}`);
      informer.on('add', record('add'));
      informer.on('update', record('update'));
      informer.on('delete', record('delete'));
      const errors: unknown[] = [];
      informer.on('error', (e) => errors.push(e));
      await informer.start();
      try {
        // The initial list arrives as an add for what already exists.
        await eventually(() => seen.includes('add inf-before -'), 'the listed pod');
        expect(informer.get('inf-before', 'default')?.metadata?.name).toBe('inf-before');

        await api.createNamespacedPod({ namespace: 'default', body: pod('inf-a', { informer: 'yes' }) });
        await eventually(() => seen.includes('add inf-a -'), 'the add');
        await api.patchNamespacedPod(
          { namespace: 'default', name: 'inf-a', body: { metadata: { labels: { stage: 'two' } } } },
          mergePatch,
        );
        await eventually(() => seen.includes('update inf-a two'), 'the update');
        expect(informer.get('inf-a', 'default')?.metadata?.labels?.stage).toBe('two');
        await api.deleteNamespacedPod({ namespace: 'default', name: 'inf-a' });
        await eventually(() => seen.includes('delete inf-a two'), 'the delete');
        expect(informer.get('inf-a', 'default')).toBeUndefined();

        expect(seen).toEqual(['add inf-before -', 'add inf-a -', 'update inf-a two', 'delete inf-a two']);
        expect(informer.list('default').map((p) => p.metadata?.name)).toEqual(['inf-before']);
        expect(errors).toEqual([]);
      } finally {
        await informer.stop();
      }
    });
  },
);
