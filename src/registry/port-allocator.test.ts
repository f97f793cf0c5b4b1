import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../storage/memory';
import { parsePortRange, PortAllocationError, PortAllocator, SERVICE_NODE_PORTS_KEY } from './port-allocator';

const open = (store = new MemoryStore(), range = '30000-30009', inUse: number[] = []) =>
  PortAllocator.open(store, range, async () => inUse);

describe('PortAllocator', () => {
  it('parses FIRST-LAST and refuses anything else', () => {
    expect(parsePortRange('30000-32767')).toEqual({ base: 30000, size: 2768 });
    for (const bad of ['30000', '32767-30000', '0-10', '1-65536', 'a-b', '30000+100'])
      expect(() => parsePortRange(bad)).toThrow(/invalid node port range/);
  });

  it('hands out every port of the range once, then reports the range full', async () => {
    const a = await open();
    const got = await a.allocate(Array.from({ length: 10 }, () => undefined));
    expect(got.sort()).toEqual(Array.from({ length: 10 }, (_, i) => 30000 + i));
    await expect(a.allocate([undefined])).rejects.toThrow('range is full: no node ports left in 30000-30009');
  });

  it('allocates all of a request or none of it', async () => {
    const a = await open();
    await a.allocate([30003]);
    const e: PortAllocationError = await a.allocate([undefined, 30003]).catch((x) => x);
    expect([e.index, e.port, e.message]).toEqual([1, 30003, 'provided port is already allocated']);
    // The free port the failed request would have taken is still free.
    expect(await a.allocate([undefined])).toEqual([30000]);
  });

  it('refuses a port outside the configured range with the range in the message', async () => {
    const e: PortAllocationError = await (await open()).allocate([31000]).catch((x) => x);
    expect(e.message).toBe(
      'provided port is not in the valid range. The range of valid ports is 30000-30009',
    );
  });

  it('frees released ports and checks without taking on dryRun', async () => {
    const a = await open();
    expect(await a.allocate([30005], true)).toEqual([30005]);
    expect(await a.allocate([30005])).toEqual([30005]);
    await a.release([30005, 40000]);
    expect(await a.allocate([30005])).toEqual([30005]);
  });

  it('persists across a restart, rebuilds a lost bitmap from stored use, refuses a changed range', async () => {
    const store = new MemoryStore();
    await (await open(store)).allocate([30001, 30002]);
    await expect((await open(store)).allocate([30002])).rejects.toThrow('provided port is already allocated');
    await store.delete(SERVICE_NODE_PORTS_KEY);
    const rebuilt = await open(store, '30000-30009', [30007]);
    await expect(rebuilt.allocate([30007])).rejects.toThrow('already allocated');
    await expect(open(store, '31000-31009')).rejects.toThrow(/changed from 30000-30009 to 31000-31009/);
  });

  it('never gives one port to two allocators racing on one store', async () => {
    const store = new MemoryStore();
    const [a, b] = [await open(store, '30000-30099'), await open(store, '30000-30099')];
    const got = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).allocate([undefined])),
    );
    expect(new Set(got.flat()).size).toBe(40);
  });
});
