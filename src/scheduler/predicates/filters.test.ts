// The small filters (cordon, taints, node selector/affinity, host ports) and the order they run in.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { newPodInfo } from '../pod-info';
import { makeNode, makePod, nodeInfoWith, type NodeSpecLite, type PodSpecLite } from '../test-fixtures';
import { nodeAffinity } from './node-affinity';
import { nodePorts } from './node-ports';
import { nodeUnschedulable } from './node-unschedulable';
import { taintToleration } from './taint-toleration';
import { runFilters, type Filter } from './index';

const outcome = (f: Filter, pod: Pod, nodeSpec: NodeSpecLite, podsOnNode: Pod[] = []) => {
  const r = f(newPodInfo(pod), nodeInfoWith(makeNode('n', nodeSpec), podsOnNode));
  return r.fits ? 'fits' : r.reasons.join(' | ');
};

describe('nodeUnschedulable', () => {
  it.each<[string, NodeSpecLite, PodSpecLite, string]>([
    ['schedulable node', {}, {}, 'fits'],
    ['cordoned node', { unschedulable: true }, {}, 'node(s) were unschedulable'],
    [
      'cordoned node, pod tolerates the unschedulable taint',
      { unschedulable: true },
      {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      },
      'fits',
    ],
  ])('%s', (_name, node, pod, want) => {
    expect(outcome(nodeUnschedulable, makePod('p', pod), node)).toBe(want);
  });
});

describe('taintToleration', () => {
  const gpu = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  it.each<[string, NodeSpecLite, PodSpecLite, string]>([
    ['no taints', {}, {}, 'fits'],
    ['untolerated NoSchedule', { taints: [gpu] }, {}, 'node(s) had untolerated taint {dedicated: gpu}'],
    [
      'untolerated NoExecute',
      { taints: [{ ...gpu, effect: 'NoExecute' }] },
      {},
      'node(s) had untolerated taint {dedicated: gpu}',
    ],
    [
      'PreferNoSchedule is only a preference',
      { taints: [{ ...gpu, effect: 'PreferNoSchedule' }] },
      {},
      'fits',
    ],
    ['tolerated', { taints: [gpu] }, { tolerations: [{ key: 'dedicated', value: 'gpu' }] }, 'fits'],
    ['not Ready', { ready: 'False' }, {}, 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    [
      'never reported Ready',
      { ready: 'missing' },
      {},
      'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
    ],
    [
      'Ready Unknown',
      { ready: 'Unknown' },
      {},
      'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    ],
    [
      'not Ready, but the pod tolerates it',
      { ready: 'False' },
      { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] },
      'fits',
    ],
  ])('%s', (_name, node, pod, want) => {
    expect(outcome(taintToleration, makePod('p', pod), node)).toBe(want);
  });
});

describe('nodeAffinity', () => {
  const MISMATCH = "node(s) didn't match Pod's node affinity/selector";
  const withAffinity = (terms: object[]): Pod => {
    const pod = makePod('p');
    pod.spec!.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as never } },
    };
    return pod;
  };
  const ssd = { labels: { disk: 'ssd', cores: '8' } };

  it.each<[string, Pod, NodeSpecLite, string]>([
    ['no selector', makePod('p'), {}, 'fits'],
    ['nodeSelector matches', makePod('p', { nodeSelector: { disk: 'ssd' } }), ssd, 'fits'],
    ['nodeSelector wants another value', makePod('p', { nodeSelector: { disk: 'hdd' } }), ssd, MISMATCH],
    ['nodeSelector on an unlabelled node', makePod('p', { nodeSelector: { disk: 'ssd' } }), {}, MISMATCH],
    [
      'affinity In',
      withAffinity([{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd', 'nvme'] }] }]),
      ssd,
      'fits',
    ],
    [
      'affinity NotIn',
      withAffinity([{ matchExpressions: [{ key: 'disk', operator: 'NotIn', values: ['ssd'] }] }]),
      ssd,
      MISMATCH,
    ],
    [
      'affinity Gt',
      withAffinity([{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }]),
      ssd,
      'fits',
    ],
    [
      'affinity DoesNotExist',
      withAffinity([{ matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] }]),
      ssd,
      'fits',
    ],
    [
      'terms are ORed',
      withAffinity([
        { matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] },
        { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] },
      ]),
      {},
      'fits',
    ],
    ['an empty term matches nothing', withAffinity([{}]), ssd, MISMATCH],
    [
      'an invalid term matches nothing',
      withAffinity([{ matchExpressions: [{ key: 'disk', operator: 'In', values: [] }] }]),
      ssd,
      MISMATCH,
    ],
  ])('%s', (_name, pod, node, want) => {
    expect(outcome(nodeAffinity, pod, node)).toBe(want);
  });
});

describe('nodePorts', () => {
  const NO_PORTS = "node(s) didn't have free ports for the requested pod ports";
  it.each<[string, PodSpecLite, PodSpecLite, string]>([
    ['no host ports', {}, { hostPorts: [{ port: 80 }] }, 'fits'],
    ['port free', { hostPorts: [{ port: 8080 }] }, { hostPorts: [{ port: 80 }] }, 'fits'],
    ['port taken', { hostPorts: [{ port: 80 }] }, { hostPorts: [{ port: 80 }] }, NO_PORTS],
    [
      'same number, UDP',
      { hostPorts: [{ port: 80, protocol: 'UDP' }] },
      { hostPorts: [{ port: 80 }] },
      'fits',
    ],
  ])('%s', (_name, pod, other, want) => {
    expect(outcome(nodePorts, makePod('p', pod), {}, [makePod('other', other)])).toBe(want);
  });
});

describe('runFilters', () => {
  it("reports the first failing filter's reason only, in kube-scheduler's order", () => {
    const node = makeNode('n', { unschedulable: true, ready: 'False', cpu: '1' });
    const pod = newPodInfo(makePod('p', { cpu: '2', nodeSelector: { disk: 'ssd' } }));
    expect(runFilters(pod, nodeInfoWith(node))).toEqual({
      fits: false,
      reasons: ['node(s) were unschedulable'],
    });
    node.spec!.unschedulable = false;
    expect(runFilters(pod, nodeInfoWith(node))).toEqual({
      fits: false,
      reasons: ['node(s) had untolerated taint {node.kubernetes.io/not-ready: }'],
    });
  });

  it('fits when every filter passes', () => {
    expect(runFilters(newPodInfo(makePod('p', { cpu: '1' })), nodeInfoWith(makeNode('n')))).toEqual({
      fits: true,
    });
  });
});
