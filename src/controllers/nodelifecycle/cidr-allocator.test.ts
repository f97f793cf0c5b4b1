import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../testing/freeze';
import { makeNode } from '../testing/fixtures';
import { CidrAllocator } from './cidr-allocator';

const node = (name: string, podCIDR?: string) => makeNode(name, { podCIDR });
const cidrOf = (r: ReturnType<CidrAllocator['allocateFor']>) => (r.ok ? r.podCIDR : r.reason);

describe('CidrAllocator', () => {
  it('gives each new node the next /24 of 10.244.0.0/16 by default', () => {
    const a = new CidrAllocator();
    expect(cidrOf(a.allocateFor(node('n1')))).toBe('10.244.0.0/24');
    expect(cidrOf(a.allocateFor(node('n2')))).toBe('10.244.1.0/24');
  });

  it('a node that already has a range keeps it', () => {
    const a = new CidrAllocator();
    expect(cidrOf(a.allocateFor(deepFreeze(node('n1', '10.244.7.0/24'))))).toBe('10.244.7.0/24');
    expect(a.inUse()).toBe(1);
  });

  it('rebuilt from existing nodes, it skips the ranges in use', () => {
    const a = CidrAllocator.fromNodes([node('a', '10.244.0.0/24'), node('b', '10.244.1.0/24'), node('c')]);
    expect(cidrOf(a.allocateFor(node('d')))).toBe('10.244.2.0/24');
  });

  it('a released range is reused only after the others', () => {
    const a = new CidrAllocator('10.0.0.0/22', 24);
    for (const n of ['a', 'b', 'c']) a.allocateFor(node(n));
    a.release('10.0.0.0/24');
    expect(cidrOf(a.allocateFor(node('d')))).toBe('10.0.3.0/24');
    expect(cidrOf(a.allocateFor(node('e')))).toBe('10.0.0.0/24');
  });

  it('reports CIDRNotAvailable when the cluster range is full', () => {
    const a = new CidrAllocator('10.0.0.0/23', 24);
    a.allocateFor(node('a'));
    a.allocateFor(node('b'));
    expect(a.allocateFor(node('c'))).toEqual({
      ok: false,
      reason: 'CIDRNotAvailable',
      message: 'Node c status is now: CIDRNotAvailable (no free /24 left in 10.0.0.0/23)',
    });
  });

  it('ignores ranges that are not its own and rejects a bad flag', () => {
    const a = new CidrAllocator();
    expect(a.occupy('192.168.0.0/24')).toBe(false);
    expect(a.occupy('10.244.3.0/25')).toBe(false);
    expect(cidrOf(a.allocateFor(node('x', '192.168.0.0/24')))).toBe('10.244.0.0/24');
    expect(() => new CidrAllocator('10.244.0.0/25', 24)).toThrow(/invalid --cluster-cidr/);
    expect(() => new CidrAllocator('nonsense')).toThrow(/invalid --cluster-cidr/);
  });
});
