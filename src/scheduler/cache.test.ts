import { describe, expect, it } from 'vitest';
import { FakeClock } from '../util';
import { SchedulerCache } from './cache';
import { makeNode, makePod } from './test-fixtures';

function setup() {
  const clock = new FakeClock();
  const cache = new SchedulerCache({ clock, assumedPodTTL: 30_000 });
  cache.addNode(makeNode('n1'));
  cache.addNode(makeNode('n2'));
  return { clock, cache };
}
const cpuOn = (cache: SchedulerCache, node: string) => cache.nodeInfo(node)?.requested.milliCpu ?? 0;

describe('SchedulerCache: assumed pods', () => {
  it('counts an assumed pod at once', () => {
    const { cache } = setup();
    cache.assumePod(makePod('p', { cpu: '1' }), 'n1');
    expect(cpuOn(cache, 'n1')).toBe(1000);
    expect(cache.isAssumed(makePod('p'))).toBe(true);
  });

  it('refuses to assume a pod twice, or one already seen bound', () => {
    const { cache } = setup();
    expect(cache.assumePod(makePod('p', { cpu: '1' }), 'n1')).toBe(true);
    expect(cache.assumePod(makePod('p', { cpu: '1' }), 'n2')).toBe(false);
    cache.addPod(makePod('q', { cpu: '1', nodeName: 'n1' }));
    expect(cache.assumePod(makePod('q', { cpu: '1' }), 'n2')).toBe(false);
    expect(cpuOn(cache, 'n2')).toBe(0);
    expect(cpuOn(cache, 'n1')).toBe(2000);
  });

  it('forgetPod undoes a failed binding', () => {
    const { cache } = setup();
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.forgetPod(pod);
    expect(cpuOn(cache, 'n1')).toBe(0);
    expect(cache.podCount()).toBe(0);
  });

  it('the informer seeing the pod bound confirms it: no expiry, counted once', () => {
    const { cache, clock } = setup();
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.finishBinding(pod);
    cache.addPod({ ...pod, spec: { ...pod.spec!, nodeName: 'n1' } });
    expect(cache.isAssumed(pod)).toBe(false);
    clock.step(60_000);
    expect(cache.cleanupExpired()).toEqual([]);
    expect(cpuOn(cache, 'n1')).toBe(1000);
  });

  it('a confirmed pod moves if the apiserver bound it elsewhere', () => {
    const { cache } = setup();
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.updatePod({ ...pod, spec: { ...pod.spec!, nodeName: 'n2' } });
    expect([cpuOn(cache, 'n1'), cpuOn(cache, 'n2')]).toEqual([0, 1000]);
  });

  it('an assumption survives informer events that still show the pod pending', () => {
    const { cache } = setup();
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.updatePod(pod);
    expect(cpuOn(cache, 'n1')).toBe(1000);
  });

  it('expires an assumed pod ttl after its binding finished, not before', () => {
    const { cache, clock } = setup();
    const pod = makePod('p', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    clock.step(120_000); // binding still in flight: never expires
    expect(cache.cleanupExpired()).toEqual([]);
    cache.finishBinding(pod);
    clock.step(29_999);
    expect(cache.cleanupExpired()).toEqual([]);
    clock.step(1);
    expect(cache.cleanupExpired().map((p) => p.metadata?.name)).toEqual(['p']);
    expect(cpuOn(cache, 'n1')).toBe(0);
  });
});

describe('SchedulerCache: informer events', () => {
  it('counts bound pods and ignores pending ones', () => {
    const { cache } = setup();
    cache.addPod(makePod('bound', { cpu: '1', nodeName: 'n1' }));
    cache.addPod(makePod('pending', { cpu: '1' }));
    expect(cpuOn(cache, 'n1')).toBe(1000);
    expect(cache.podCount()).toBe(1);
  });

  it.each(['Succeeded', 'Failed'])('a %s pod frees its resources', (phase) => {
    const { cache } = setup();
    const pod = makePod('p', { cpu: '1', nodeName: 'n1', hostPorts: [{ port: 80 }] });
    cache.addPod(pod);
    cache.updatePod({ ...pod, status: { phase } });
    expect(cpuOn(cache, 'n1')).toBe(0);
    expect(cache.nodeInfo('n1')!.usedPorts.size).toBe(0);
  });

  it('removePod frees resources; updatePod with new requests replaces the old ones', () => {
    const { cache } = setup();
    cache.addPod(makePod('p', { cpu: '1', nodeName: 'n1' }));
    cache.updatePod(makePod('p', { cpu: '2', nodeName: 'n1' }));
    expect(cpuOn(cache, 'n1')).toBe(2000);
    cache.removePod(makePod('p', { nodeName: 'n1' }));
    expect(cpuOn(cache, 'n1')).toBe(0);
  });

  it('pods reported before their node are kept and counted when it arrives', () => {
    const { cache } = setup();
    cache.addPod(makePod('p', { cpu: '1', nodeName: 'n3' }));
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(['n1', 'n2']);
    cache.addNode(makeNode('n3'));
    expect(cpuOn(cache, 'n3')).toBe(1000);
  });

  it('a removed node is no longer offered; its pods stay accounted until they go', () => {
    const { cache } = setup();
    cache.addNode(makeNode('n3'));
    cache.addPod(makePod('p', { cpu: '1', nodeName: 'n1' }));
    cache.removeNode('n1');
    expect(
      cache
        .nodeInfos()
        .map((n) => n.name)
        .sort(),
    ).toEqual(['n2', 'n3']);
    expect(cpuOn(cache, 'n1')).toBe(1000);
    cache.removePod(makePod('p'));
    expect(cache.nodeInfo('n1')).toBeUndefined();
  });

  it('updateNode changes what the node offers and keeps its pods', () => {
    const { cache } = setup();
    cache.addPod(makePod('p', { cpu: '1', nodeName: 'n1' }));
    cache.updateNode(makeNode('n1', { cpu: '8' }));
    expect(cache.nodeInfo('n1')!.allocatable.milliCpu).toBe(8000);
    expect(cpuOn(cache, 'n1')).toBe(1000);
    expect(cache.nodeInfos()).toHaveLength(2);
  });
});
