import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { T0, makeNode, makePod } from '../testing/fixtures';
import { podNotReadyStatus, podsToEvict } from './pods-to-evict';

const dead = makeNode('n1', { ready: 'Unknown' });
const min = 60_000;
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name);
const onN1 = (name: string, o: Parameters<typeof makePod>[1] = {}) => makePod(name, { nodeName: 'n1', ...o });

describe('podsToEvict', () => {
  const cases: { name: string; pod: Pod; after: number; evicted: boolean }[] = [
    { name: 'before the 5 min timeout: kept', pod: onN1('a'), after: 5 * min - 1, evicted: false },
    { name: 'at the timeout: evicted', pod: onN1('a'), after: 5 * min, evicted: true },
    {
      name: 'pod on another node: kept',
      pod: makePod('b', { nodeName: 'n2' }),
      after: 10 * min,
      evicted: false,
    },
    {
      name: 'already being deleted: kept',
      pod: onN1('c', { deleting: true }),
      after: 10 * min,
      evicted: false,
    },
    {
      name: 'DaemonSet pod: kept',
      pod: onN1('d', {
        owners: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }],
      }),
      after: 10 * min,
      evicted: false,
    },
    {
      name: 'tolerationSeconds 30 shortens the wait',
      pod: onN1('e', {
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 30,
          },
        ],
      }),
      after: 30_000,
      evicted: true,
    },
    {
      name: 'tolerating forever: kept',
      pod: onN1('f', { tolerations: [{ operator: 'Exists' }] }),
      after: 60 * min,
      evicted: false,
    },
    {
      name: 'a toleration for another taint does not count',
      pod: onN1('g', {
        tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }],
      }),
      after: 5 * min,
      evicted: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = podsToEvict(dead, deepFreeze([c.pod]), T0, T0 + c.after);
      expect(got.evict.length === 1).toBe(c.evicted);
    });
  }

  it('says when the next pod comes due, and nothing happens on a Ready node', () => {
    const pods = [
      onN1('a'),
      onN1('b', {
        tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 }],
      }),
    ];
    expect(podsToEvict(dead, pods, T0, T0 + 10_000)).toEqual({ evict: [], nextInMs: 50_000 });
    expect(names(podsToEvict(dead, pods, T0, T0 + 60_000).evict)).toEqual(['b']);
    expect(podsToEvict(makeNode('n1', { ready: 'True' }), pods, T0, T0 + 60 * min)).toEqual({ evict: [] });
  });

  it('the timeout is a flag', () => {
    expect(podsToEvict(dead, [onN1('a')], T0, T0 + 1000, 1000).evict).toHaveLength(1);
  });
});

describe('podNotReadyStatus', () => {
  it('turns a ready pod not ready, leaving the frozen original', () => {
    const pod = onN1('a', { ready: true, readySince: 5 });
    const status = podNotReadyStatus(pod, T0 + 100_000);
    expect(status?.conditions?.[0]).toEqual({
      type: 'Ready',
      status: 'False',
      lastTransitionTime: '2026-01-01T00:01:40Z',
    });
    expect(pod.status?.conditions?.[0]?.status).toBe('True');
    expect(podNotReadyStatus(onN1('b'), T0)).toBeUndefined();
  });
});
