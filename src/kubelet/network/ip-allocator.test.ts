import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IpAllocator, IpRangeFullError } from './ip-allocator';

const dirs: string[] = [];
function stateFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-ipam-'));
  dirs.push(dir);
  return path.join(dir, 'kubelet', 'pod-ips.json');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('IpAllocator', () => {
  it('skips the network, gateway and broadcast addresses', () => {
    const ips = new IpAllocator('10.244.3.0/29'); // .0 network, .1 gateway, .7 broadcast
    const got = ['a', 'b', 'c', 'd', 'e'].map((o) => ips.allocate(o));
    expect(got).toEqual(['10.244.3.2', '10.244.3.3', '10.244.3.4', '10.244.3.5', '10.244.3.6']);
    expect(() => ips.allocate('f')).toThrow(IpRangeFullError);
    expect(() => ips.allocate('f')).toThrow('no IP addresses available in range set: 10.244.3.0/29');
  });

  it('gives an owner the same IP on every call', () => {
    const ips = new IpAllocator('10.244.0.0/24');
    expect(ips.allocate('pod-1')).toBe('10.244.0.2');
    expect(ips.allocate('pod-1')).toBe('10.244.0.2');
    expect(ips.list()).toEqual([{ ip: '10.244.0.2', owner: 'pod-1' }]);
  });

  it('reuses freed addresses, but only after the others (round-robin)', () => {
    const ips = new IpAllocator('10.244.0.0/29');
    ips.allocate('a'); // .2
    ips.allocate('b'); // .3
    ips.release('a');
    expect(ips.allocate('c')).toBe('10.244.0.4');
    ips.allocate('d'); // .5
    ips.allocate('e'); // .6
    expect(ips.allocate('f')).toBe('10.244.0.2'); // wrapped around to the freed one
    expect(ips.ipOf('a')).toBeUndefined();
  });

  it('never hands out the same address twice under churn', () => {
    const ips = new IpAllocator('10.244.0.0/28');
    const live = new Map<string, string>();
    for (let i = 0; i < 200; i++) {
      if (i % 3 === 2) {
        const victim = [...live.keys()][i % live.size]!;
        ips.release(victim);
        live.delete(victim);
      } else if (live.size < 13) {
        const ip = ips.allocate(`pod-${i}`);
        expect([...live.values()]).not.toContain(ip);
        live.set(`pod-${i}`, ip);
      }
    }
    expect(new Set(ips.list().map((l) => l.ip)).size).toBe(live.size);
  });

  it('persists leases across restarts', () => {
    const file = stateFile();
    const first = new IpAllocator('10.244.0.0/24', file);
    first.allocate('a');
    first.allocate('b');
    first.release('a');
    const second = new IpAllocator('10.244.0.0/24', file);
    expect(second.list()).toEqual([{ ip: '10.244.0.3', owner: 'b' }]);
    expect(second.allocate('c')).toBe('10.244.0.4'); // the round-robin position survived too
    expect(JSON.parse(readFileSync(file, 'utf8')).leases).toEqual({ '10.244.0.3': 'b', '10.244.0.4': 'c' });
  });

  it('ignores a state file written for another pod range', () => {
    const file = stateFile();
    new IpAllocator('10.244.0.0/24', file).allocate('a');
    expect(new IpAllocator('10.244.1.0/24', file).list()).toEqual([]);
  });

  it('rebuilds from running sandboxes, dropping stale leases and foreign addresses', () => {
    const file = stateFile();
    const ips = new IpAllocator('10.244.0.0/24', file);
    ips.allocate('gone');
    ips.rebuild([
      { ip: '10.244.0.9', owner: 'x' },
      { ip: '10.9.9.9', owner: 'y' },
    ]);
    expect(ips.list()).toEqual([{ ip: '10.244.0.9', owner: 'x' }]);
    expect(new IpAllocator('10.244.0.0/24', file).ipOf('x')).toBe('10.244.0.9');
  });

  it('reserves a chosen address and refuses one held by another pod or outside the range', () => {
    const ips = new IpAllocator('10.244.0.0/24');
    ips.reserve('a', '10.244.0.50');
    expect(ips.allocate('a')).toBe('10.244.0.50');
    expect(() => ips.reserve('b', '10.244.0.50')).toThrow('IP 10.244.0.50 is already allocated to a');
    expect(() => ips.reserve('b', '10.244.0.1')).toThrow('not a usable pod address');
    expect(() => ips.reserve('b', '10.244.1.5')).toThrow('not a usable pod address');
  });

  it('rejects malformed ranges', () => {
    expect(() => new IpAllocator('10.244.0.1/24')).toThrow('host bits are set');
    expect(() => new IpAllocator('10.244.0.0')).toThrow('invalid pod CIDR');
    expect(() => new IpAllocator('10.244.0.300/24')).toThrow('invalid IPv4 address');
  });
});
