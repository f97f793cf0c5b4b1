import { describe, expect, it } from 'vitest';
import type { Node } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { T0, makeNode } from '../testing/fixtures';
import { TAINT_UNREACHABLE, nodeHealth, notReadySince, observeHeartbeat } from './node-health';

const s = (seconds: number) => T0 + seconds * 1000;
const taintKeys = (n: { taints?: { key: string; effect: string }[] }) =>
  n.taints?.map((t) => `${t.key}:${t.effect}`);

describe('nodeHealth', () => {
  it('a node heard from within the grace period is left alone', () => {
    expect(nodeHealth(makeNode('n', { ready: 'True' }), s(0), s(40))).toEqual({ ready: 'True' });
  });

  it('silent past 40 s: Ready Unknown with Kubernetes wording, and the unreachable taints', () => {
    const got = nodeHealth(makeNode('n', { ready: 'True' }), s(0), s(41));
    const ready = got.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toEqual({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastHeartbeatTime: '2026-01-01T00:00:00Z',
      lastTransitionTime: '2026-01-01T00:00:41Z',
    });
    expect(got.status?.conditions?.find((c) => c.type === 'MemoryPressure')?.reason).toBe(
      'NodeStatusNeverUpdated',
    );
    expect(got.ready).toBe('Unknown');
    expect(taintKeys(got)).toEqual([`${TAINT_UNREACHABLE}:NoSchedule`, `${TAINT_UNREACHABLE}:NoExecute`]);
    expect(got.taints?.[1]?.timeAdded).toBe('2026-01-01T00:00:41Z');
  });

  it('the grace period is a flag', () => {
    expect(nodeHealth(makeNode('n', { ready: 'True' }), s(0), s(11), 10_000).ready).toBe('Unknown');
  });

  it('a node that never reported gets the 60 s startup grace', () => {
    const fresh = makeNode('n');
    expect(nodeHealth(fresh, s(0), s(50)).status).toBeUndefined();
    expect(nodeHealth(fresh, s(0), s(61)).status?.conditions?.[0]).toMatchObject({
      type: 'Ready',
      status: 'Unknown',
      reason: 'NodeStatusNeverUpdated',
      message: 'Kubelet never posted node status.',
    });
  });

  it('already Unknown and tainted: nothing to write', () => {
    const once = nodeHealth(makeNode('n', { ready: 'True' }), s(0), s(41));
    const marked = deepFreeze({
      ...makeNode('n'),
      spec: { taints: once.taints },
      status: once.status,
    } as Node);
    expect(nodeHealth(marked, s(0), s(100))).toEqual({ ready: 'Unknown' });
  });

  it('back to Ready: the unreachable taints go, other taints stay', () => {
    const n = deepFreeze({
      ...makeNode('n', { ready: 'True', heartbeat: 90 }),
      spec: {
        taints: [
          { key: TAINT_UNREACHABLE, effect: 'NoExecute' },
          { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        ],
      },
    } as Node);
    expect(nodeHealth(n, s(90), s(100))).toEqual({
      ready: 'True',
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    });
  });

  it('kubelet reporting Ready False: the not-ready taints', () => {
    const got = nodeHealth(makeNode('n', { ready: 'False' }), s(0), s(5));
    expect(got.status).toBeUndefined();
    expect(taintKeys(got)).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
  });

  it('a cordoned node carries the unschedulable taint', () => {
    const cordoned = deepFreeze({
      ...makeNode('n', { ready: 'True' }),
      spec: { unschedulable: true },
    } as Node);
    expect(taintKeys(nodeHealth(cordoned, s(0), s(1)))).toEqual([
      'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
  });
});

describe('observeHeartbeat and notReadySince', () => {
  it('a new heartbeat restarts the clock; the same one does not', () => {
    const first = observeHeartbeat(undefined, makeNode('n', { ready: 'True', heartbeat: 0 }), s(5));
    expect(first).toEqual({ heartbeat: '2026-01-01T00:00:00Z', seenAt: s(5) });
    expect(observeHeartbeat(first, makeNode('n', { ready: 'True', heartbeat: 0 }), s(30))).toBe(first);
    expect(observeHeartbeat(first, makeNode('n', { ready: 'True', heartbeat: 10 }), s(31)).seenAt).toBe(
      s(31),
    );
  });

  it('a node that never reported counts from its creation', () => {
    expect(observeHeartbeat(undefined, makeNode('n', { created: 3 }), s(50)).seenAt).toBe(s(3));
  });

  it('notReadySince is the Ready transition time, undefined while Ready', () => {
    expect(notReadySince(makeNode('n', { ready: 'True' }))).toBeUndefined();
    expect(notReadySince(makeNode('n', { ready: 'Unknown' }))).toBe(T0);
  });
});
