import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/types';
import { toTable } from './to-table';

const now = Date.parse('2026-01-01T01:00:00Z');
const pod: KubeObject = {
  metadata: {
    name: 'web-1',
    namespace: 'default',
    labels: { app: 'web' },
    creationTimestamp: '2026-01-01T00:55:00Z',
  },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  status: { phase: 'Pending' },
};

describe('toTable', () => {
  it('has the Table kind, the list metadata and a Name column formatted as a name', () => {
    const t = toTable('pods', [pod], { now, listMeta: { resourceVersion: '107', continue: 'abc' } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata).toEqual({ resourceVersion: '107', continue: 'abc' });
    expect(t.columnDefinitions[0]).toMatchObject({
      name: 'Name',
      type: 'string',
      format: 'name',
      priority: 0,
    });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(t.columnDefinitions.filter((c) => c.priority === 1).map((c) => c.name)).toEqual([
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
  });

  it('rows carry PartialObjectMetadata by default, with the full metadata', () => {
    const t = toTable('pods', [pod], { now });
    expect(t.rows[0]!.cells.slice(0, 5)).toEqual(['web-1', '0/1', 'Pending', '0', '5m']);
    expect(t.rows[0]!.object).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: pod.metadata,
    });
  });

  it('includeObject=Object puts the whole object with kind and apiVersion filled in', () => {
    const t = toTable('pods', [pod], { now, includeObject: 'Object' });
    expect(t.rows[0]!.object).toEqual({ ...pod, kind: 'Pod', apiVersion: 'v1' });
  });

  it('includeObject=None leaves the object out', () => {
    expect(toTable('pods', [pod], { now, includeObject: 'None' }).rows[0]!.object).toBeUndefined();
  });

  it('can omit column definitions (watch events after the first)', () => {
    const t = toTable('pods', [pod], { now, omitColumnDefinitions: true });
    expect(t.columnDefinitions).toEqual([]);
    expect(t.rows).toHaveLength(1);
  });

  it('an empty list has no rows and still has columns', () => {
    const t = toTable('services', [], { now });
    expect(t.rows).toEqual([]);
    expect(t.columnDefinitions.length).toBeGreaterThan(0);
  });

  it('falls back to NAME and AGE for resources without a printer', () => {
    const t = toTable('widgets', [{ metadata: { name: 'w', creationTimestamp: '2026-01-01T00:00:00Z' } }], {
      now,
    });
    expect(t.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Age']);
    expect(t.rows[0]!.cells).toEqual(['w', '60m']);
  });
});
