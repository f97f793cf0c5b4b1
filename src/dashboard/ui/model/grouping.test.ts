import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { displayPhase, groupPodsByNode, podRows, restarts, UNSCHEDULED } from './grouping';

const pod = (name: string, node?: string): Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: node, containers: [] },
});

describe('groupPodsByNode', () => {
  it('orders nodes by name, unscheduled last, and pods in natural name order', () => {
    const groups = groupPodsByNode([pod('web-10', 'n2'), pod('web-9', 'n2'), pod('p'), pod('a', 'n1')]);
    expect([...groups.keys()]).toEqual(['n1', 'n2', UNSCHEDULED]);
    expect(groups.get('n2')!.map((p) => p.metadata!.name)).toEqual(['web-9', 'web-10']);
  });
  it('flattens into a header row per node followed by its pods', () => {
    const rows = podRows(groupPodsByNode([pod('x', 'n1'), pod('y', 'n1')]));
    expect(rows.map((r) => (r.kind === 'node' ? `#${r.node}:${r.count}` : r.pod.metadata!.name))).toEqual([
      '#n1:2',
      'x',
      'y',
    ]);
  });
});

describe('pod columns', () => {
  it('sums restarts over containers', () => {
    const p: Pod = { status: { containerStatuses: [{ restartCount: 2 }, { restartCount: 3 }] as never } };
    expect(restarts(p)).toBe(5);
  });
  it('shows Terminating while a deletion is pending', () => {
    expect(
      displayPhase({ metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' }, status: { phase: 'Running' } }),
    ).toBe('Terminating');
    expect(displayPhase({})).toBe('Pending');
  });
});
