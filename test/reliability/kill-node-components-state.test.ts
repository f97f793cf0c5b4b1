// What the node campaign counts as converged, as a duplicate and as an orphan, from listings alone.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../src/api/types';
import {
  appContainerIds,
  convergenceProblems,
  type NodeState,
  type RunningContainer,
} from './kill-node-components-state';

const pod = (name: string, uid: string, phase = 'Running', podIP = `10.0.0.${uid}`): Pod => ({
  metadata: { name, uid, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
  status: { phase, podIP },
});
const box = (p: Pod, container: string, id = `${p.metadata!.uid}-${container}`): RunningContainer => ({
  id,
  podUid: p.metadata!.uid!,
  podName: p.metadata!.name!,
  podNamespace: 'default',
  container,
  sandbox: container === 'POD',
  podIp: container === 'POD' ? p.status!.podIP : undefined,
});
const whole = (...pods: Pod[]): NodeState => ({
  pods,
  containers: pods.flatMap((p) => [box(p, 'POD'), box(p, 'c')]),
});

describe('convergenceProblems', () => {
  const [a, b] = [pod('rc-a', '1'), pod('rc-b', '2')];

  it('is empty for N Running pods with one sandbox and one app container each', () => {
    expect(convergenceProblems(whole(a, b), 'rc', 2)).toEqual({ problems: [], duplicates: 0 });
  });

  it('reports too few pods and pods not Running, without calling them duplicates', () => {
    const pending = pod('rc-c', '3', 'Pending');
    const r = convergenceProblems({ pods: [a, pending], containers: whole(a).containers }, 'rc', 3);
    expect(r.duplicates).toBe(0);
    expect(r.problems).toEqual([
      '2 pods in the API, want 3',
      'not Running: rc-c Pending',
      'pod rc-c: 0 running sandbox containers, want 1',
      'pod rc-c: 0 running container c containers, want 1',
    ]);
  });

  it('counts a second running app container of one pod as a duplicate', () => {
    const s = whole(a, b);
    s.containers.push(box(a, 'c', 'again'));
    expect(convergenceProblems(s, 'rc', 2)).toEqual({
      problems: ['pod rc-a: 2 running container c containers, want 1'],
      duplicates: 1,
    });
  });

  it('counts two pods with one name as a duplicate', () => {
    const twin = pod('rc-a', '3');
    const r = convergenceProblems(whole(a, twin), 'rc', 2);
    expect(r.duplicates).toBe(1);
    expect(r.problems).toEqual(['2 pods with name rc-a']);
  });

  it('finds containers still running for a pod of the RC that is gone, and ignores other RCs', () => {
    const gone = pod('rc-old', '9');
    const other = pod('rcx-a', '8');
    const s = whole(a, b);
    s.containers.push(box(gone, 'c'), box(other, 'c'));
    expect(convergenceProblems(s, 'rc', 2).problems).toEqual([
      '1 running containers of pods no longer in the API: rc-old/c',
    ]);
  });

  it('catches a pod whose API IP is not its sandbox’s (a restarted sandbox not reported)', () => {
    const s = whole(a);
    s.containers[0] = { ...s.containers[0]!, podIp: '10.0.0.77' };
    expect(convergenceProblems(s, 'rc', 1).problems).toEqual([
      'pod rc-a: the API says podIP 10.0.0.1, its sandbox has 10.0.0.77',
    ]);
  });
});

describe('appContainerIds', () => {
  it('maps each pod of the state to its running app container, never its sandbox', () => {
    const a = pod('rc-a', '1');
    expect(appContainerIds(whole(a))).toEqual(new Map([['1', '1-c']]));
  });
});
