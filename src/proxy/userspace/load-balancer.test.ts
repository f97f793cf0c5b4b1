import { describe, expect, it } from 'vitest';
import { LoadBalancer } from './load-balancer';

const A = '10.244.1.2:80';
const B = '10.244.1.3:80';
const C = '10.244.2.2:80';

type Step =
  | { from: string; at?: number; tried?: string[]; want: string | undefined }
  | { update: string[]; affinity?: number };

interface Case {
  name: string;
  endpoints: string[];
  affinity?: number;
  steps: Step[];
}

const cases: Case[] = [
  {
    name: 'round robin over every endpoint, in order, for any client',
    endpoints: [A, B, C],
    steps: [
      { from: '1.1.1.1', want: A },
      { from: '1.1.1.1', want: B },
      { from: '2.2.2.2', want: C },
      { from: '1.1.1.1', want: A },
    ],
  },
  {
    name: 'no endpoints: nothing to offer',
    endpoints: [],
    steps: [{ from: '1.1.1.1', want: undefined }],
  },
  {
    name: 'a refusing endpoint is skipped and the rotation continues after the one used',
    endpoints: [A, B, C],
    steps: [
      { from: '1.1.1.1', tried: [A], want: B },
      { from: '1.1.1.1', want: C },
      { from: '1.1.1.1', tried: [A, B, C], want: undefined },
      { from: '1.1.1.1', want: A },
    ],
  },
  {
    name: 'ClientIP affinity: a client keeps its backend, others still rotate',
    endpoints: [A, B, C],
    affinity: 60,
    steps: [
      { from: '1.1.1.1', at: 0, want: A },
      { from: '2.2.2.2', at: 1, want: B },
      { from: '1.1.1.1', at: 2, want: A },
      { from: '1.1.1.1', at: 50, want: A },
      { from: '2.2.2.2', at: 55, want: B },
    ],
  },
  {
    name: 'affinity expires after the timeout since the last use, then the client rotates again',
    endpoints: [A, B],
    affinity: 10,
    steps: [
      { from: '1.1.1.1', at: 0, want: A },
      { from: '1.1.1.1', at: 9, want: A },
      { from: '1.1.1.1', at: 18, want: A },
      { from: '1.1.1.1', at: 28, want: B },
      { from: '1.1.1.1', at: 29, want: B },
    ],
  },
  {
    name: 'affinity to a refusing backend is replaced by the next one that answers',
    endpoints: [A, B, C],
    affinity: 60,
    steps: [
      { from: '1.1.1.1', want: A },
      { from: '1.1.1.1', tried: [A], want: B },
      { from: '1.1.1.1', want: B },
    ],
  },
  {
    name: 'an endpoint update keeps the rotation going and drops affinity only to removed backends',
    endpoints: [A, B, C],
    affinity: 60,
    steps: [
      { from: '1.1.1.1', want: A },
      { from: '2.2.2.2', want: B },
      { update: [A, C], affinity: 60 },
      { from: '1.1.1.1', want: A },
      { from: '2.2.2.2', want: A },
      { from: '3.3.3.3', want: C },
    ],
  },
  {
    name: 'turning affinity off forgets every client',
    endpoints: [A, B],
    affinity: 60,
    steps: [
      { from: '1.1.1.1', want: A },
      { update: [A, B] },
      { from: '1.1.1.1', want: B },
      { from: '1.1.1.1', want: A },
    ],
  },
  {
    name: 'endpoints removed altogether: nothing to offer, affinity or not',
    endpoints: [A],
    affinity: 60,
    steps: [
      { from: '1.1.1.1', want: A },
      { update: [], affinity: 60 },
      { from: '1.1.1.1', want: undefined },
    ],
  },
];

describe('LoadBalancer', () => {
  for (const c of cases) {
    it(c.name, () => {
      const lb = new LoadBalancer();
      lb.update('default/web', { endpoints: c.endpoints, affinityTimeoutSeconds: c.affinity });
      const got: (string | undefined)[] = [];
      const want: (string | undefined)[] = [];
      for (const step of c.steps) {
        if ('update' in step) {
          lb.update('default/web', { endpoints: step.update, affinityTimeoutSeconds: step.affinity });
          continue;
        }
        got.push(lb.next('default/web', step.from, (step.at ?? 0) * 1000, new Set(step.tried)));
        want.push(step.want);
      }
      expect(got).toEqual(want);
    });
  }

  it('keeps service ports apart and forgets a removed one', () => {
    const lb = new LoadBalancer();
    lb.update('default/web:http', { endpoints: [A, B] });
    lb.update('default/web:metrics', { endpoints: [C] });
    expect(lb.next('default/web:http', 'x', 0)).toBe(A);
    expect(lb.next('default/web:metrics', 'x', 0)).toBe(C);
    expect(lb.next('default/web:http', 'x', 0)).toBe(B);
    lb.remove('default/web:http');
    expect(lb.next('default/web:http', 'x', 0)).toBeUndefined();
    expect(lb.endpointsOf('default/web:metrics')).toEqual([C]);
  });
});
