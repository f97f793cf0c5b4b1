// RangeBitmap: the persisted half of an allocator (cluster IPs, node ports). One RangeAllocation object per
// range under its /registry/ranges/ key, holding a bitmap of the offsets in use; it changes only by
// compare-and-swap, so it survives restarts and two apiservers sharing a store never hand out one offset
// twice. A missing bitmap is rebuilt from what the stored objects use (Kubernetes' repair loop, done once).
import { isStorageError, type KeyValue, type Store } from '../storage';
import { storageFailure } from './context';

/** Why a value could not be allocated; the services strategy turns it into a 422 or a 500. */
export class AllocationError extends Error {}

interface RangeAllocation {
  kind: 'RangeAllocation';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  range: string;
  /** base64 bitmap, bit i set = offset i allocated. */
  data: string;
}

export interface RangeBitmapOptions {
  key: string;
  /** The range as stored and compared on start ("10.96.0.0/16", "30000-32767"). */
  range: string;
  /** Offsets 0 … size-1. */
  size: number;
  /** Names the range in the error when the configured one differs from the stored one. */
  what: string;
  /** Offsets in use by stored objects, to rebuild a missing bitmap. */
  inUse: () => Promise<number[]>;
}

const MAX_CAS_RETRIES = 50;

export class RangeBitmap {
  private constructor(
    private readonly store: Store,
    private readonly o: RangeBitmapOptions,
  ) {}

  static async open(store: Store, o: RangeBitmapOptions): Promise<RangeBitmap> {
    const b = new RangeBitmap(store, o);
    const kv = await store.get(o.key);
    if (kv) {
      const stored = (JSON.parse(kv.value) as RangeAllocation).range;
      if (stored !== o.range)
        throw new Error(`the ${o.what} changed from ${stored} to ${o.range}; this is not supported`);
      return b;
    }
    const bits = new Uint8Array(Math.ceil(o.size / 8));
    for (const off of await o.inUse()) if (off >= 0 && off < o.size) setBit(bits, off, true);
    await store.create(o.key, b.encode(bits)).catch((e) => {
      if (!isStorageError(e, 'KeyExists')) throw e; // another apiserver repaired it first
    });
    return b;
  }

  /**
   * Read-modify-CAS loop: `mutate` sees the current bits and returns false when there is nothing to write.
   * It may run more than once (after a lost race), so it must start from the bits it is given every time.
   */
  async change(mutate: (bits: Uint8Array) => boolean): Promise<void> {
    // A full or unreachable store is the user's to fix, said as for any write (507, 503), never a bare 500.
    let kv: KeyValue | undefined = await this.store
      .get(this.o.key)
      .catch((e) => Promise.reject(storageFailure(e)));
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      if (!kv) throw new AllocationError(`the ${this.o.what} allocation is missing from storage`);
      const bits = new Uint8Array(Buffer.from((JSON.parse(kv.value) as RangeAllocation).data, 'base64'));
      if (!mutate(bits)) return;
      try {
        await this.store.update(this.o.key, this.encode(bits), kv.modRevision);
        return;
      } catch (e) {
        if (!isStorageError(e, 'Conflict')) throw storageFailure(e);
        kv = e.current ?? (await this.store.get(this.o.key));
      }
    }
    throw new AllocationError(`too many concurrent changes to the ${this.o.what}; try again`);
  }

  private encode(bits: Uint8Array): string {
    const doc: RangeAllocation = {
      kind: 'RangeAllocation',
      apiVersion: 'v1',
      metadata: {},
      range: this.o.range,
      data: Buffer.from(bits).toString('base64'),
    };
    return JSON.stringify(doc);
  }
}

export const getBit = (bits: Uint8Array, off: number) => (bits[off >> 3]! & (1 << (off & 7))) !== 0;

export function setBit(bits: Uint8Array, off: number, on: boolean): void {
  if (on) bits[off >> 3]! |= 1 << (off & 7);
  else bits[off >> 3]! &= ~(1 << (off & 7));
}

/**
 * The first clear offset in [first, last], searching from `cursor` and wrapping around, so freed values are
 * not handed out again at once; undefined when all are set.
 */
export function nextClear(bits: Uint8Array, first: number, last: number, cursor: number): number | undefined {
  const span = last - first + 1;
  const start = cursor < first || cursor > last ? 0 : cursor - first;
  for (let i = 0; i < span; i++) {
    const off = first + ((start + i) % span);
    if (!getBit(bits, off)) return off;
  }
  return undefined;
}
