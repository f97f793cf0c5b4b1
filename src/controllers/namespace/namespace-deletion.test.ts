import { describe, expect, it } from 'vitest';
import type { Namespace } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { T0, at } from '../testing/fixtures';
import { namespaceContentsRemaining, namespaceDeletionStep } from './namespace-deletion';

const ns = (o: { deleting?: boolean; spec?: string[]; meta?: string[]; status?: Namespace['status'] } = {}) =>
  deepFreeze<Namespace>({
    metadata: { name: 'shop', deletionTimestamp: o.deleting ? at(10) : undefined, finalizers: o.meta },
    spec: { finalizers: o.spec ?? ['kubernetes'] },
    status: o.status ?? { phase: o.deleting ? 'Terminating' : 'Active' },
  });

describe('namespaceContentsRemaining', () => {
  it('sums, lists and words what is left', () => {
    expect(namespaceContentsRemaining({ services: 1, pods: 2, endpoints: 0 })).toEqual({
      total: 3,
      resources: ['pods', 'services'],
      message: 'pods has 2 resource instances, services has 1 resource instances',
    });
    expect(namespaceContentsRemaining({})).toEqual({ total: 0, resources: [], message: '' });
  });
});

describe('namespaceDeletionStep', () => {
  it('an active namespace: nothing to do', () => {
    expect(namespaceDeletionStep(ns(), { pods: 3 }, T0)).toEqual({ action: 'none' });
  });

  it('content left: delete it and say so in the condition', () => {
    expect(namespaceDeletionStep(ns({ deleting: true }), { pods: 2, services: 0 }, T0)).toEqual({
      action: 'delete-content',
      resources: ['pods'],
      status: {
        phase: 'Terminating',
        conditions: [
          {
            type: 'NamespaceContentRemaining',
            status: 'True',
            reason: 'SomeResourcesRemain',
            message: 'Some resources are remaining: pods has 2 resource instances',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    });
  });

  it('the condition is not rewritten when nothing changed', () => {
    const first = namespaceDeletionStep(ns({ deleting: true }), { pods: 2 }, T0);
    const again = namespaceDeletionStep(
      ns({ deleting: true, status: (first as { status: Namespace['status'] }).status }),
      { pods: 2 },
      T0 + 5000,
    );
    expect(again).toEqual({ action: 'delete-content', resources: ['pods'] });
  });

  it('empty: remove the kubernetes finalizer, keep others', () => {
    const step = namespaceDeletionStep(ns({ deleting: true, spec: ['kubernetes', 'example.com/x'] }), {}, T0);
    expect(step.action).toBe('finalize');
    if (step.action !== 'finalize') return;
    expect(step.namespace.spec?.finalizers).toEqual(['example.com/x']);
    expect(step.status?.conditions?.[0]).toMatchObject({ status: 'False', reason: 'ContentDeleted' });
  });

  it('finalized but another finalizer holds it: wait', () => {
    expect(namespaceDeletionStep(ns({ deleting: true, spec: ['example.com/x'] }), {}, T0)).toEqual({
      action: 'none',
    });
    expect(namespaceDeletionStep(ns({ deleting: true, spec: [], meta: ['m'] }), {}, T0)).toEqual({
      action: 'none',
    });
  });

  it('nothing holds it any more: delete it', () => {
    expect(namespaceDeletionStep(ns({ deleting: true, spec: [] }), {}, T0)).toEqual({ action: 'delete' });
  });
});
