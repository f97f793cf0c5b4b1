import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { deepFreeze } from '../testing/freeze';
import { makePod, makeRC, rcRef } from '../testing/fixtures';
import { dependentsToDelete, orphanPatch, propagationPolicyOf, type PropagationPolicy } from './dependents';

const rc = makeRC('web');
const ref = rcRef(rc);
const names = (pods: Pod[]) => pods.map((p) => p.metadata!.name);
const otherOwner = { apiVersion: 'v1', kind: 'Thing', name: 't', uid: 'uid-thing' };
const pods = deepFreeze([
  makePod('mine-1', { owners: [ref] }),
  makePod('mine-2', { owners: [ref] }),
  makePod('stranger', { owners: [otherOwner] }),
  makePod('orphan'),
  makePod('going', { owners: [ref], deleting: true }),
  makePod('shared', { owners: [ref, otherOwner] }),
]);

describe('dependentsToDelete', () => {
  const cases: {
    policy: PropagationPolicy;
    live?: string[];
    del: string[];
    orphan: string[];
    ownerMayGo: boolean;
  }[] = [
    { policy: 'Background', del: ['mine-1', 'mine-2', 'shared'], orphan: [], ownerMayGo: true },
    {
      policy: 'Background',
      live: ['uid-thing'],
      del: ['mine-1', 'mine-2'],
      orphan: ['shared'],
      ownerMayGo: true,
    },
    // Every RC-created pod has blockOwnerDeletion, so the RC waits for all of them, 'going' included.
    { policy: 'Foreground', del: ['mine-1', 'mine-2', 'shared'], orphan: [], ownerMayGo: false },
    { policy: 'Orphan', del: [], orphan: ['mine-1', 'mine-2', 'going', 'shared'], ownerMayGo: true },
  ];
  for (const c of cases) {
    it(`${c.policy}${c.live ? ' with another live owner' : ''}`, () => {
      const plan = dependentsToDelete('uid-web', pods, c.policy, new Set(c.live));
      expect(names(plan.delete)).toEqual(c.del);
      expect(names(plan.orphan)).toEqual(c.orphan);
      expect(plan.ownerMayGo).toBe(c.ownerMayGo);
    });
  }

  it('foreground: the owner may go once no blocking dependent remains', () => {
    const nonBlocking = makePod('loose', { owners: [{ ...ref, blockOwnerDeletion: false }] });
    const plan = dependentsToDelete('uid-web', [nonBlocking], 'Foreground');
    expect(plan).toEqual({
      delete: [nonBlocking],
      orphan: [],
      propagationPolicy: 'Foreground',
      ownerMayGo: true,
    });
    expect(dependentsToDelete('uid-web', [], 'Foreground').ownerMayGo).toBe(true);
  });

  it('reads the policy from the owner finalizers the apiserver set', () => {
    const withFinalizers = (f?: string[]) => ({ metadata: { finalizers: f } });
    expect(propagationPolicyOf(withFinalizers(['orphan']))).toBe('Orphan');
    expect(propagationPolicyOf(withFinalizers(['foregroundDeletion']))).toBe('Foreground');
    expect(propagationPolicyOf(withFinalizers())).toBe('Background');
  });
});

describe('orphanPatch', () => {
  it('removes only the owner reference, guarded by the pod uid', () => {
    expect(orphanPatch(pods[5]!, 'uid-web')).toEqual({
      type: 'merge',
      patch: { metadata: { uid: 'uid-shared', ownerReferences: [otherOwner] } },
    });
    expect(orphanPatch(pods[0]!, 'uid-web').patch.metadata.ownerReferences).toBeNull();
  });
});
