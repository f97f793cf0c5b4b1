import { describe, expect, it } from 'vitest';
import { ABSENT_LABEL, labelCountKey, NodeInfo } from './node-info';
import { newPodInfo } from './pod-info';
import { makeNode, makePod } from './test-fixtures';

describe('NodeInfo', () => {
  it('keeps running totals as pods come and go', () => {
    const info = new NodeInfo('n', makeNode('n'));
    const a = newPodInfo(makePod('a', { cpu: '500m', memory: '1Gi', hostPorts: [{ port: 80 }] }));
    const b = newPodInfo(makePod('b'));
    info.addPod(a);
    info.addPod(b);
    expect(info.podCount).toBe(2);
    expect(info.requested).toEqual({ milliCpu: 500, memory: 1024 ** 3 });
    expect(info.nonZeroRequested).toEqual({ milliCpu: 600, memory: 1024 ** 3 + 200 * 1024 ** 2 });
    expect(info.usedPorts.conflicts({ protocol: 'TCP', ip: '0.0.0.0', port: 80 })).toBe(true);

    expect(info.removePod(a.key)).toBe(true);
    expect(info.removePod(a.key)).toBe(false);
    expect(info.requested).toEqual({ milliCpu: 0, memory: 0 });
    expect(info.usedPorts.size).toBe(0);
    expect([...info.pods()].map((p) => p.pod.metadata?.name)).toEqual(['b']);
  });

  it('replaces a pod added twice instead of counting it twice', () => {
    const info = new NodeInfo('n', makeNode('n'));
    info.addPod(newPodInfo(makePod('a', { cpu: '1' })));
    info.addPod(newPodInfo(makePod('a', { cpu: '2' })));
    expect(info.podCount).toBe(1);
    expect(info.requested.milliCpu).toBe(2000);
  });

  it('keeps only the taints that repel new pods', () => {
    const node = makeNode('n', {
      ready: 'False',
      taints: [
        { key: 'a', effect: 'PreferNoSchedule' },
        { key: 'b', effect: 'NoExecute' },
      ],
    });
    expect(new NodeInfo('n', node).taints.map((t) => t.key)).toEqual(['b', 'node.kubernetes.io/not-ready']);
  });
});

describe('NodeInfo.labelCount', () => {
  it('counts labels per namespace, leaves out pods being deleted, and forgets removed pods', () => {
    const info = new NodeInfo('n', makeNode('n'));
    info.addPod(newPodInfo(makePod('a', { labels: { app: 'web', tier: 'front' } })));
    info.addPod(newPodInfo(makePod('b', { labels: { app: 'web' } })));
    info.addPod(newPodInfo(makePod('c', { labels: { app: 'web' }, namespace: 'other' })));
    info.addPod(newPodInfo(makePod('d', { labels: { app: 'web' }, deleting: true })));
    expect(info.labelCount(labelCountKey('default', 'app=web'))).toBe(2);
    expect(info.labelCount(labelCountKey('other', 'app=web'))).toBe(1);
    expect(info.labelCount(labelCountKey('default', 'tier=front'))).toBe(1);
    info.removePod(newPodInfo(makePod('a')).key);
    expect(info.labelCount(labelCountKey('default', 'app=web'))).toBe(1);
    expect(info.labelCount(labelCountKey('default', 'tier=front'))).toBe(0);
  });

  it('keeps a label counted on one node while another node drops it, and forgets it once none has it', () => {
    const [one, two] = [new NodeInfo('one', makeNode('one')), new NodeInfo('two', makeNode('two'))];
    one.addPod(newPodInfo(makePod('a', { labels: { app: 'shared' } })));
    two.addPod(newPodInfo(makePod('b', { labels: { app: 'shared' } })));
    one.removePod(newPodInfo(makePod('a')).key);
    expect(one.labelCount(labelCountKey('default', 'app=shared'))).toBe(0);
    expect(two.labelCount(labelCountKey('default', 'app=shared'))).toBe(1);
    two.removePod(newPodInfo(makePod('b')).key);
    expect(labelCountKey('default', 'app=shared')).toBe(ABSENT_LABEL);
    two.addPod(newPodInfo(makePod('c', { labels: { app: 'shared' } })));
    expect(two.labelCount(labelCountKey('default', 'app=shared'))).toBe(1);
  });
});
