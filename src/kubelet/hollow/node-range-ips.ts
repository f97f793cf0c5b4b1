// NodeRangeIps: a hollow node's pod IP allocator whose range is decided at the first allocation, not at
// construction — by then the node has registered and the node lifecycle controller has (usually) given it a
// spec.podCIDR, so pod IPs look like the cluster's. Until a range is known the fallback is used for good:
// leases are never moved between ranges.
import { IpAllocator, type IpLease } from '../network';

export class NodeRangeIps extends IpAllocator {
  private inner: IpAllocator | undefined;

  /** `rangeNow` answers the node's pod range as the API has it, or undefined before it has one. */
  constructor(
    fallbackCidr: string,
    private readonly rangeNow: () => string | undefined,
  ) {
    super(fallbackCidr);
  }

  /** The range in use; fixed from the first allocation on. */
  get activeCidr(): string {
    return this.chosen().cidr;
  }

  override allocate(owner: string): string {
    return this.chosen().allocate(owner);
  }

  override reserve(owner: string, ip: string): void {
    this.chosen().reserve(owner, ip);
  }

  override release(owner: string): void {
    this.chosen().release(owner);
  }

  override ipOf(owner: string): string | undefined {
    return this.chosen().ipOf(owner);
  }

  override list(): IpLease[] {
    return this.chosen().list();
  }

  override rebuild(leases: readonly IpLease[]): void {
    this.chosen().rebuild(leases);
  }

  private chosen(): IpAllocator {
    if (this.inner) return this.inner;
    const fromApi = this.rangeNow();
    try {
      this.inner = fromApi ? new IpAllocator(fromApi) : undefined;
    } catch {
      this.inner = undefined; // a range we cannot use: keep the fallback
    }
    this.inner ??= new IpAllocator(this.cidr);
    return this.inner;
  }
}
