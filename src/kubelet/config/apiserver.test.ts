import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../api/types';
import { FakeClient, SharedInformer } from '../../client';
import { ApiserverSource } from './apiserver';
import { CONFIG_MIRROR_ANNOTATION } from './static-pod';
import { UpdateRecorder, namesOf } from './testing';

const pod = (name: string, nodeName?: string, mirror = false): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'default',
    ...(mirror ? { annotations: { [CONFIG_MIRROR_ANNOTATION]: 'h' } } : {}),
  },
  spec: { nodeName, containers: [{ name: 'main', image: 'busybox' }] },
});

describe('ApiserverSource', () => {
  it('watches only its node’s pods and emits complete sets without mirror pods', async () => {
    const client = new FakeClient({
      objects: [
        ['pods', pod('a', 'n1')],
        ['pods', pod('b', 'n2')],
        ['pods', pod('m-n1', 'n1', true)],
      ],
    });
    const source = new ApiserverSource({ nodeName: 'n1', client });
    const rec = new UpdateRecorder();
    source.start(rec.emit);
    const first = await rec.next();
    expect(namesOf(first)).toEqual(['a']);
    expect(first.pods[0]!.metadata!.annotations).toEqual({ 'kubernetes.io/config.source': 'api' });
    expect(client.actions.find((a) => a.verb === 'list')?.fieldSelector).toBe('spec.nodeName=n1');
    expect(source.apiPod('default', 'm-n1')?.metadata?.name).toBe('m-n1');

    await client.create('pods', 'default', pod('c', 'n1'));
    expect(namesOf(await rec.next())).toEqual(['a', 'c']);
    await client.delete('pods', 'default', 'a');
    expect(namesOf(await rec.next())).toEqual(['c']);
    await source.stop();
  });

  it('shares one informer among many nodes (hollow nodes): one watch, each node sees its own pods', async () => {
    const client = new FakeClient({
      objects: [
        ['pods', pod('a', 'n1')],
        ['pods', pod('b', 'n2')],
      ],
    });
    const informer = new SharedInformer<Pod>(client, { resource: 'pods' });
    const sources = ['n1', 'n2'].map((nodeName) => new ApiserverSource({ nodeName, informer }));
    const recs = sources.map((s) => {
      const rec = new UpdateRecorder();
      s.start(rec.emit);
      return rec;
    });
    informer.start();
    expect(namesOf(await recs[0]!.next())).toEqual(['a']);
    expect(namesOf(await recs[1]!.next())).toEqual(['b']);
    await client.create('pods', 'default', pod('c', 'n2'));
    expect(namesOf(await recs[1]!.next())).toEqual(['b', 'c']);
    expect(recs[0]!.updates).toHaveLength(1); // n1 heard nothing of n2's new pod
    expect(client.actions.filter((a) => a.verb === 'watch')).toHaveLength(1);
    informer.stop();
  });
});
