// NodePort allocator: the ports of --service-node-port-range (default 30000-32767) in a RangeBitmap
// persisted under /registry/ranges/servicenodeports, Kubernetes' key, so it survives restarts and concurrent
// creates, on one apiserver or several sharing a store, never get the same port. One call allocates every
// port a service needs in one compare-and-swap: a service gets all its node ports or none.
import type { Store } from '../storage';
import { AllocationError, getBit, nextClear, RangeBitmap, setBit } from './range-bitmap';

export const SERVICE_NODE_PORTS_KEY = '/registry/ranges/servicenodeports';
export const DEFAULT_NODE_PORT_RANGE = '30000-32767';

export interface PortRange {
  base: number;
  size: number;
}

/** "30000-32767" → {base 30000, size 2768}; throws on anything else (a flag error at start-up). */
export function parsePortRange(text: string): PortRange {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text.trim());
  const [lo, hi] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(lo >= 1 && hi <= 65535 && lo <= hi))
    throw new Error(`invalid node port range ${JSON.stringify(text)}: want FIRST-LAST, e.g. 30000-32767`);
  return { base: lo, size: hi - lo + 1 };
}

/** A requested port that could not be had; `index` is its position in the list given to allocate. */
export class PortAllocationError extends AllocationError {
  constructor(
    readonly index: number,
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}

export class PortAllocator {
  private cursor = 0;

  private constructor(
    private readonly bitmap: RangeBitmap,
    private readonly ports: PortRange,
  ) {}

  /** "30000-32767", as stored and shown in errors. */
  get range(): string {
    return `${this.ports.base}-${this.ports.base + this.ports.size - 1}`;
  }

  /** Opens the allocator; if no bitmap is stored, builds one from `inUse` (node ports of stored services). */
  static async open(store: Store, range: string, inUse: () => Promise<number[]>): Promise<PortAllocator> {
    const ports = parsePortRange(range);
    const bitmap = await RangeBitmap.open(store, {
      key: SERVICE_NODE_PORTS_KEY,
      range: `${ports.base}-${ports.base + ports.size - 1}`,
      size: ports.size,
      what: 'service node port range',
      inUse: async () => (await inUse()).map((p) => p - ports.base),
    });
    return new PortAllocator(bitmap, ports);
  }

  contains(port: number): boolean {
    return Number.isInteger(port) && port >= this.ports.base && port < this.ports.base + this.ports.size;
  }

  /**
   * Allocates every entry at once, all or none: a number is taken as asked (PortAllocationError if taken or
   * out of range), undefined gets the next free port. Returns the ports in order. With dryRun only checks.
   */
  async allocate(wanted: (number | undefined)[], dryRun = false): Promise<number[]> {
    let chosen: number[] = [];
    if (wanted.length === 0) return chosen;
    wanted.forEach((port, index) => {
      if (port !== undefined && !this.contains(port))
        throw new PortAllocationError(
          index,
          port,
          `provided port is not in the valid range. The range of valid ports is ${this.range}`,
        );
    });
    await this.bitmap.change((bits) => {
      let cursor = this.cursor;
      chosen = wanted.map((port, index) => {
        if (port !== undefined) {
          const off = port - this.ports.base;
          if (getBit(bits, off))
            throw new PortAllocationError(index, port, 'provided port is already allocated');
          setBit(bits, off, true);
          return port;
        }
        const off = nextClear(bits, 0, this.ports.size - 1, cursor);
        if (off === undefined)
          throw new AllocationError(`range is full: no node ports left in ${this.range}`);
        setBit(bits, off, true);
        cursor = off + 1;
        return this.ports.base + off;
      });
      if (dryRun) return false;
      this.cursor = cursor;
      return true;
    });
    return chosen;
  }

  /** Frees the ports; ports outside the range or already free are ignored. */
  async release(ports: number[]): Promise<void> {
    const offs = ports.filter((p) => this.contains(p)).map((p) => p - this.ports.base);
    if (offs.length === 0) return;
    await this.bitmap.change((bits) => {
      const held = offs.filter((off) => getBit(bits, off));
      for (const off of held) setBit(bits, off, false);
      return held.length > 0;
    });
  }
}
