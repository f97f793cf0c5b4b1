// ClusterIP allocator: offsets of the service range in a RangeBitmap persisted under
// /registry/ranges/serviceips (so it survives restarts and is shared safely by apiservers on one store).
// Offsets 0 (network) and size-1 (broadcast) are never used; offset 1 is handed out only on request, for the
// `kubernetes` service. A missing bitmap is rebuilt from the stored services.
import type { Store } from '../storage';
import { formatCidr, nthAddress, offsetIn, parseCidr, type CidrRules, type Ipv4Cidr } from '../util';
import { AllocationError, getBit, nextClear, RangeBitmap, setBit } from './range-bitmap';

export { AllocationError } from './range-bitmap';

export const SERVICE_IPS_KEY = '/registry/ranges/serviceips';

/** --service-cluster-ip-range: a typo'd host part is forgiven (10.96.0.1/16 means 10.96.0.0/16). */
const SERVICE_RANGE: CidrRules = { what: 'service IP range', minPrefix: 8, maxPrefix: 30 };

export class IpAllocator {
  private cursor = 2;

  private constructor(
    private readonly bitmap: RangeBitmap,
    readonly cidr: Ipv4Cidr,
  ) {}

  /** The range as stored and shown in errors, host bits cleared: "10.96.0.0/16". */
  private get range(): string {
    return formatCidr(this.cidr);
  }

  /** Opens the allocator; if no bitmap is stored, builds one from `inUse` (addresses of stored services). */
  static async open(store: Store, range: string, inUse: () => Promise<string[]>): Promise<IpAllocator> {
    const cidr = parseCidr(range, SERVICE_RANGE);
    const bitmap = await RangeBitmap.open(store, {
      key: SERVICE_IPS_KEY,
      range: formatCidr(cidr),
      size: cidr.size,
      what: 'service IP range',
      inUse: async () => (await inUse()).map((ip) => offsetIn(cidr, ip) ?? -1),
    });
    return new IpAllocator(bitmap, cidr);
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
    await this.bitmap.change((bits) => {
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
    await this.bitmap.change((bits) => {
      if (!getBit(bits, off)) return false;
      setBit(bits, off, false);
      return true;
    });
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
    const off = nextClear(bits, 2, this.cidr.size - 2, this.cursor);
    if (off === undefined) throw new AllocationError(`range is full: no IP addresses left in ${this.range}`);
    return off;
  }
}
