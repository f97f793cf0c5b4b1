import { describe, expect, it } from 'vitest';
import { errors, isAlreadyExists, isConflict, isNotFound } from '../../api/errors';
import type { KubeObject, Pod, ReplicationController } from '../../api/types';
import { FakeClock, sequentialIds } from '../../util';
import type { WatchEvent } from '../interface';
import { FakeClient } from './fake-client';

const pod = (name: string, labels: Record<string, string> = {}, ns = 'default'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

const newClient = (objects: [string, KubeObject][] = []) =>
  new FakeClient({ objects, ids: sequentialIds(), clock: new FakeClock() });

describe('FakeClient', () => {
  it('records every call as an action, in order', async () => {
    const c = newClient([['pods', pod('a') as KubeObject]]);
    await c.get('pods', 'default', 'a');
    await c.list('pods', 'default', { labelSelector: 'app=web' });
    await c.create('pods', 'default', pod('b'));
    await c.patch('pods', 'default', 'b', 'merge', { metadata: { labels: { x: 'y' } } });
    await c.bind('default', 'b', 'node-1');
    await c.delete('pods', 'default', 'a');
    await c.get('nodes', 'ignored', 'n1').catch(() => undefined);
    expect(
      c.actions.map(({ verb, resource, namespace, name, subresource }) => ({
        verb,
        resource,
        namespace,
        name,
        subresource,
      })),
    ).toEqual([
      { verb: 'get', resource: 'pods', namespace: 'default', name: 'a', subresource: undefined },
      { verb: 'list', resource: 'pods', namespace: 'default', name: undefined, subresource: undefined },
      { verb: 'create', resource: 'pods', namespace: 'default', name: undefined, subresource: undefined },
      { verb: 'patch', resource: 'pods', namespace: 'default', name: 'b', subresource: undefined },
      { verb: 'create', resource: 'pods', namespace: 'default', name: 'b', subresource: 'binding' },
      { verb: 'delete', resource: 'pods', namespace: 'default', name: 'a', subresource: undefined },
      { verb: 'get', resource: 'nodes', namespace: undefined, name: 'n1', subresource: undefined },
    ]);
    expect(c.writes().map((a) => a.verb)).toEqual(['create', 'patch', 'create', 'delete']);
    expect(c.actions[1]!.labelSelector).toBe('app=web');
  });

  it('behaves like the apiserver on names, versions and conflicts', async () => {
    const c = newClient();
    const created = await c.create<Pod>('pods', 'ns1', { ...pod(''), metadata: { generateName: 'web-' } });
    expect(created.metadata).toMatchObject({ name: 'web-x0001', namespace: 'ns1', resourceVersion: '1' });
    expect(created.metadata?.uid).toBeTruthy();
    expect(isAlreadyExists(await c.create('pods', 'ns1', created).catch((e) => e))).toBe(true);
    const updated = await c.update<Pod>('pods', 'ns1', {
      ...created,
      spec: { ...created.spec!, nodeName: 'n' },
    });
    expect(updated.metadata?.resourceVersion).toBe('2');
    expect(isConflict(await c.update('pods', 'ns1', created).catch((e) => e))).toBe(true); // stale version
    expect(isNotFound(await c.get('pods', 'ns1', 'nope').catch((e) => e))).toBe(true);
    const list = await c.list('pods');
    expect(list.metadata?.resourceVersion).toBe('2');
    expect(list.kind).toBe('PodList');
  });

  it('filters lists by namespace, label and field selectors', async () => {
    const c = newClient([
      ['pods', pod('a', { app: 'web' }) as KubeObject],
      ['pods', pod('b', { app: 'db' }) as KubeObject],
      ['pods', pod('c', { app: 'web' }, 'other') as KubeObject],
    ]);
    const names = async (ns: string | undefined, o: object) =>
      (await c.list('pods', ns, o)).items.map((p) => p.metadata?.name);
    expect(await names(undefined, { labelSelector: 'app=web' })).toEqual(['a', 'c']);
    expect(await names('default', { labelSelector: 'app in (web,db)' })).toEqual(['a', 'b']);
    expect(await names(undefined, { fieldSelector: 'metadata.namespace!=default' })).toEqual(['c']);
    await expect(c.list('pods', undefined, { labelSelector: 'app in (' })).rejects.toMatchObject({
      code: 400,
    });
  });

  it('serves subresources: binding once, status, scale', async () => {
    const rc: ReplicationController = {
      metadata: { name: 'rc', namespace: 'default' },
      spec: { replicas: 2, selector: { app: 'web' } },
      status: { replicas: 1 },
    };
    const c = newClient([
      ['pods', pod('p') as KubeObject],
      ['replicationcontrollers', rc as KubeObject],
    ]);
    await c.bind('default', 'p', 'n1');
    expect((await c.get<Pod>('pods', 'default', 'p')).spec?.nodeName).toBe('n1');
    expect(isConflict(await c.bind('default', 'p', 'n2').catch((e) => e))).toBe(true);

    const p = await c.get<Pod>('pods', 'default', 'p');
    await c.updateStatus('pods', 'default', { ...p, spec: { containers: [] }, status: { phase: 'Running' } });
    const after = await c.get<Pod>('pods', 'default', 'p');
    expect(after.status?.phase).toBe('Running');
    expect(after.spec?.containers).toHaveLength(1); // status writes leave spec alone

    expect((await c.getScale('replicationcontrollers', 'default', 'rc')).spec?.replicas).toBe(2);
    const scaled = await c.patchScale('replicationcontrollers', 'default', 'rc', 5);
    expect(scaled).toMatchObject({ kind: 'Scale', spec: { replicas: 5 }, status: { replicas: 1 } });
    expect(
      (await c.get<ReplicationController>('replicationcontrollers', 'default', 'rc')).spec?.replicas,
    ).toBe(5);
  });

  it('emits watch events for creates, updates and deletes, and replays from a resourceVersion', async () => {
    const c = newClient([['pods', pod('a') as KubeObject]]);
    const seen: string[] = [];
    const record = (e: WatchEvent) =>
      seen.push(`${e.type} ${e.object.metadata?.name} ${e.object.metadata?.resourceVersion}`);
    const h = c.watch('pods', 'default', {}, record, () => undefined);
    const b = await c.create('pods', 'default', pod('b'));
    await c.update('pods', 'default', { ...b, metadata: { ...b.metadata, labels: { x: '1' } } });
    await c.delete('pods', 'default', 'a');
    await c.create('pods', 'elsewhere', pod('z', {}, 'elsewhere')); // another namespace: not seen
    h.stop();
    await c.create('pods', 'default', pod('late'));
    expect(seen).toEqual(['ADDED a 1', 'ADDED b 2', 'MODIFIED b 3', 'DELETED a 4']);

    const replay: string[] = [];
    c.watch(
      'pods',
      'default',
      { resourceVersion: '2' },
      (e) => replay.push(`${e.type} ${e.object.metadata?.name}`),
      () => undefined,
    );
    expect(replay).toEqual(['MODIFIED b', 'DELETED a', 'ADDED late']);
  });

  it('answers 410 to a watch from before compact()', async () => {
    const c = newClient([['pods', pod('a') as KubeObject]]);
    await c.create('pods', 'default', pod('b'));
    c.tracker.compact();
    const closed = await new Promise((resolve) =>
      c.watch('pods', undefined, { resourceVersion: '1' }, () => undefined, resolve),
    );
    expect(closed).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('lets a reactor make a verb fail, still recording the call', async () => {
    const c = newClient();
    c.prependReactor('create', 'pods', () => ({ error: errors.internal('etcd is down') }));
    await expect(c.create('pods', 'default', pod('x'))).rejects.toMatchObject({ code: 500 });
    await c.create('services', 'default', { metadata: { name: 'svc' } });
    expect(c.writes().map((a) => `${a.verb} ${a.resource}`)).toEqual(['create pods', 'create services']);
    expect(isNotFound(await c.get('pods', 'default', 'x').catch((e) => e))).toBe(true);
  });
});
