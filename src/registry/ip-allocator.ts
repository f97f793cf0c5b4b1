// ClusterIP allocator: a bitmap over the service range, persisted under /registry/ranges/serviceips and
// changed only by compare-and-swap, so it survives restarts and two apiservers sharing a store never hand
// out the same address. Offsets 0 (network) and size-1 (broadcast) are never used; offset 1 is handed out
// only on request, for the `kubernetes` service. A missing bitmap is rebuilt from the stored services.
import { isStorageError, type KeyValue, type Store } from '../storage';
import { formatCidr, nthAddress, offsetIn, parseCidr, type CidrRules, type Ipv4Cidr } from '../util';

export const SERVICE_IPS_KEY = '/registry/ranges/serviceips';

/** --service-cluster-ip-range: a typo'd host part is forgiven (10.96.0.1/16 means 10.96.0.0/16). */
const SERVICE_RANGE: CidrRules = { what: 'service IP range', minPrefix: 8, maxPrefix: 30 };

/** Why an address could not be allocated; the services strategy turns it into a 422 on spec.clusterIP. */
export class AllocationError extends Error {}

interface RangeAllocation {
  kind: 'RangeAllocation';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  range: string;
  /** base64 bitmap, bit i set = offset i allocated. */
  data: string;
}

const MAX_CAS_RETRIES = 50;

export class IpAllocator {
  private cursor = 2;

  private constructor(
    private readonly store: Store,
    readonly cidr: Ipv4Cidr,
  ) {}

  /** The range as stored and shown in errors, host bits cleared: "10.96.0.0/16". */
  private get range(): string {
    return formatCidr(this.cidr);
  }

  /** Opens the allocator; if no bitmap is stored, builds one from `inUse` (addresses of stored services). */
  static async open(store: Store, range: string, inUse: () => Promise<string[]>): Promise<IpAllocator> {
    const a = new IpAllocator(store, parseCidr(range, SERVICE_RANGE));
    const kv = await store.get(SERVICE_IPS_KEY);
    if (kv) {
      const stored = (JSON.parse(kv.value) as RangeAllocation).range;
      if (stored !== a.range)
        throw new Error(`the service IP range changed from ${stored} to ${a.range}; this is not supported`);
      return a;
    }
    const bits = a.emptyBitmap();
    for (const ip of await inUse()) {
      const off = offsetIn(a.cidr, ip);
      if (off !== undefined) setBit(bits, off, true);
    }
    await store.create(SERVICE_IPS_KEY, a.encode(bits)).catch((e) => {
      if (!isStorageError(e, 'KeyExists')) throw e; // another apiserver repaired it first
    });
    return a;
  }

  /** The range's first usable address (.1), reserved for the `kubernetes` service. */
  firstAddress(): string {
    return nthAddress(this.cidr, 1);
  }

  contains(ip: string): boolean {
    const off = offsetIn(this.cidr, ip);
    return off !== undefined && off > 0 && off < this.cidr.size - 1;
  }

  /** Allocates ip, or the next free address when ip is undefined. With dryRun only checks. */
  async allocate(ip: string | undefined, dryRun = false): Promise<string> {
    let chosen = '';
    await this.change((bits) => {
      const off = ip === undefined ? this.nextFree(bits) : this.checkFree(bits, ip);
      chosen = nthAddress(this.cidr, off);
      if (dryRun) return false;
      setBit(bits, off, true);
      if (ip === undefined) this.cursor = off + 1;
      return true;
    });
    return chosen;
  }

  /** Frees ip; addresses outside the range or already free are ignored. */
  async release(ip: string): Promise<void> {
    if (!this.contains(ip)) return;
    const off = offsetIn(this.cidr, ip)!;
    await this.change((bits) => {
      if (!getBit(bits, off)) return false;
      setBit(bits, off, false);
      return true;
    });
  }

  /** Read-modify-CAS loop; `mutate` returns false when there is nothing to write. */
  private async change(mutate: (bits: Uint8Array) => boolean): Promise<void> {
    let kv: KeyValue | undefined = await this.store.get(SERVICE_IPS_KEY);
    for (let i = 0; i < MAX_CAS_RETRIES; i++) {
      if (!kv) throw new AllocationError('the service IP range allocation is missing from storage');
      const bits = new Uint8Array(Buffer.from((JSON.parse(kv.value) as RangeAllocation).data, 'base64'));
      if (!mutate(bits)) return;
      try {
        await this.store.update(SERVICE_IPS_KEY, this.encode(bits), kv.modRevision);
        return;
      } catch (e) {
        if (!isStorageError(e, 'Conflict')) throw e;
        kv = e.current ?? (await this.store.get(SERVICE_IPS_KEY));
      }
    }
    throw new AllocationError('too many concurrent changes to the service IP range; try again');
  }

  private checkFree(bits: Uint8Array, ip: string): number {
    if (!this.contains(ip))
      throw new AllocationError(
        `provided IP is not in the valid range. The range of valid IPs is ${this.range}`,
      );
    const off = offsetIn(this.cidr, ip)!;
    if (getBit(bits, off)) throw new AllocationError('provided IP is already allocated');
    return off;
  }

  private nextFree(bits: Uint8Array): number {
    const first = 2;
    const last = this.cidr.size - 2;
    const span = last - first + 1;
    for (let i = 0; i < span; i++) {
      const off = first + ((this.cursor - first + i) % span);
      if (!getBit(bits, off)) return off;
    }
    throw new AllocationError(`range is full: no IP addresses left in ${this.range}`);
  }

  private emptyBitmap(): Uint8Array {
    return new Uint8Array(Math.ceil(this.cidr.size / 8));
  }

  private encode(bits: Uint8Array): string {
    const doc: RangeAllocation = {
      kind: 'RangeAllocation',
      apiVersion: 'v1',
      metadata: {},
      range: this.range,
      data: Buffer.from(bits).toString('base64'),
    };
    return JSON.stringify(doc);
  }
}

const getBit = (bits: Uint8Array, off: number) => (bits[off >> 3]! & (1 << (off & 7))) !== 0;

function setBit(bits: Uint8Array, off: number, on: boolean): void {
  if (on) bits[off >> 3]! |= 1 << (off & 7);
  else bits[off >> 3]! &= ~(1 << (off & 7));
}
