import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../testing/freeze';
import { T0, makePod, makeRC } from '../testing/fixtures';
import { nextAvailableInMs, rcStatus, statusEqual } from './rc-status';

const now = T0 + 100_000;

describe('rcStatus', () => {
  const rc = makeRC('web', {
    selector: { app: 'web' },
    templateLabels: { app: 'web', tier: 'fe' },
    generation: 7,
  });
  const pods = deepFreeze([
    makePod('full-ready', { labels: { app: 'web', tier: 'fe' }, nodeName: 'n', ready: true, readySince: 10 }),
    makePod('partial-ready', { labels: { app: 'web' }, nodeName: 'n', ready: true, readySince: 95 }),
    makePod('full-pending', { labels: { app: 'web', tier: 'fe' } }),
  ]);

  it('counts replicas, fully labeled, ready and available, and records the generation', () => {
    expect(rcStatus(rc, pods, now)).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 7,
    });
  });

  it('minReadySeconds: a pod ready for less time is ready but not yet available', () => {
    const slow = makeRC('web', { templateLabels: { app: 'web', tier: 'fe' }, minReadySeconds: 30 });
    expect(rcStatus(slow, pods, now).availableReplicas).toBe(1);
    // partial-ready became ready at 95 s; it turns available just after 125 s.
    expect(nextAvailableInMs(slow, pods, now)).toBe(25_001);
    expect(nextAvailableInMs(rc, pods, now)).toBeUndefined();
  });

  it('adds a ReplicaFailure condition while managing fails, keeps it, and clears it on success', () => {
    const failed = rcStatus(rc, [], now, { reason: 'FailedCreate', message: 'pods "web-" is forbidden' });
    expect(failed.conditions).toEqual([
      {
        type: 'ReplicaFailure',
        status: 'True',
        reason: 'FailedCreate',
        message: 'pods "web-" is forbidden',
        lastTransitionTime: '2026-01-01T00:01:40Z',
      },
    ]);
    const withCondition = deepFreeze({ ...rc, status: failed });
    const later = rcStatus(withCondition, [], now + 60_000, { reason: 'FailedCreate', message: 'again' });
    expect(later.conditions).toEqual(failed.conditions);
    expect(rcStatus(withCondition, [], now).conditions).toBeUndefined();
  });
});

describe('statusEqual', () => {
  const base = {
    replicas: 2,
    fullyLabeledReplicas: 2,
    readyReplicas: 1,
    availableReplicas: 1,
    observedGeneration: 3,
  };
  const cases: { name: string; current: object | undefined; next: object; equal: boolean }[] = [
    { name: 'identical', current: base, next: { ...base }, equal: true },
    { name: 'ready count changed', current: base, next: { ...base, readyReplicas: 2 }, equal: false },
    { name: 'generation changed', current: base, next: { ...base, observedGeneration: 4 }, equal: false },
    {
      name: 'unset counts equal zero',
      current: { replicas: 0 },
      next: { replicas: 0, readyReplicas: 0 },
      equal: true,
    },
    { name: 'no status yet vs empty RC', current: undefined, next: { replicas: 0 }, equal: true },
  ];
  for (const c of cases) {
    it(c.name, () => expect(statusEqual(c.current as never, c.next as never)).toBe(c.equal));
  }
});
