import { describe, expect, it } from 'vitest';
import type { Pod, PodCondition } from '../api/types';
import { unschedulablePatch } from './pod-condition';
import { makePod } from './test-fixtures';

const T1 = Date.UTC(2026, 0, 1, 0, 0, 30);
const withCondition = (pod: Pod, condition: PodCondition): Pod => ({
  ...pod,
  status: { phase: 'Pending', conditions: [condition] },
});

describe('unschedulablePatch', () => {
  it('sets PodScheduled=False with the reason and message, transition now', () => {
    expect(unschedulablePatch(makePod('p'), '0/1 nodes are available: 1 Insufficient cpu.', T1)).toEqual({
      status: {
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
            lastTransitionTime: '2026-01-01T00:00:30Z',
          },
        ],
      },
    });
  });

  it('writes nothing when the pod already says exactly that, and keeps the transition time for a new message', () => {
    const parked = withCondition(makePod('p'), {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: 'old',
      lastTransitionTime: '2026-01-01T00:00:00Z',
    });
    expect(unschedulablePatch(parked, 'old', T1)).toBeUndefined();
    expect(unschedulablePatch(parked, 'new', T1)).toMatchObject({
      status: { conditions: [{ message: 'new', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
    });
  });
});
