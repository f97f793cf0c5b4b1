// CidrAllocator (k8s nodeipam rangeAllocator): gives every node its own pod range, a /24 by default out
// of --cluster-cidr (default 10.244.0.0/16) — the seed's "256 addresses routed to each VM". Ranges in use
// are rebuilt from the nodes' spec.podCIDR at start, so a restarted controller never hands out a range
// twice; a deleted node's range returns to the pool. The search continues after the last range given, so
// a range just freed is not reused at once (its routes may still be going away).

import { formatCidr, nthSubnet, subnetIndex, tryParseCidr, type Ipv4Cidr } from '../../util';

export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_NODE_CIDR_MASK_SIZE = 24;

export type AllocateResult =
  { ok: true; podCIDR: string } | { ok: false; reason: 'CIDRNotAvailable'; message: string };

export class CidrAllocator {
  private readonly cluster: Ipv4Cidr;
  private readonly count: number;
  private readonly used = new Set<number>();
  private next = 0;

  /** Throws on a malformed range: it is a startup flag, checked once. */
  constructor(
    readonly clusterCIDR = DEFAULT_CLUSTER_CIDR,
    readonly nodeMaskSize = DEFAULT_NODE_CIDR_MASK_SIZE,
  ) {
    const c = tryParseCidr(clusterCIDR);
    if (!c || nodeMaskSize < c.prefixLength || nodeMaskSize > 30)
      throw new Error(
        `invalid --cluster-cidr ${JSON.stringify(clusterCIDR)} with node mask /${nodeMaskSize}: want an IPv4 CIDR no smaller than the node mask (at most /30)`,
      );
    this.cluster = c;
    this.count = 2 ** (nodeMaskSize - c.prefixLength);
  }

  /** Rebuilds the in-use set from existing nodes; ranges outside the cluster CIDR are ignored. */
  static fromNodes(
    nodes: readonly { spec?: { podCIDR?: string } }[],
    clusterCIDR = DEFAULT_CLUSTER_CIDR,
    nodeMaskSize = DEFAULT_NODE_CIDR_MASK_SIZE,
  ): CidrAllocator {
    const a = new CidrAllocator(clusterCIDR, nodeMaskSize);
    for (const n of nodes) if (n.spec?.podCIDR) a.occupy(n.spec.podCIDR);
    return a;
  }

  /** Marks podCIDR as taken. False when it is not one of this allocator's ranges. */
  occupy(podCIDR: string): boolean {
    const i = this.indexOf(podCIDR);
    if (i === undefined) return false;
    this.used.add(i);
    return true;
  }

  /** The node's range: its existing spec.podCIDR (now marked taken), or a free one. */
  allocateFor(node: { metadata?: { name?: string }; spec?: { podCIDR?: string } }): AllocateResult {
    const existing = node.spec?.podCIDR;
    if (existing && this.occupy(existing)) return { ok: true, podCIDR: existing };
    for (let k = 0; k < this.count; k++) {
      const i = (this.next + k) % this.count;
      if (this.used.has(i)) continue;
      this.used.add(i);
      this.next = (i + 1) % this.count;
      return { ok: true, podCIDR: this.rangeAt(i) };
    }
    return {
      ok: false,
      reason: 'CIDRNotAvailable',
      message: `Node ${node.metadata?.name ?? ''} status is now: CIDRNotAvailable (no free /${this.nodeMaskSize} left in ${this.clusterCIDR})`,
    };
  }

  /** Returns the node's range to the pool (node deleted). */
  release(podCIDR: string | undefined): void {
    const i = podCIDR ? this.indexOf(podCIDR) : undefined;
    if (i !== undefined) this.used.delete(i);
  }

  inUse(): number {
    return this.used.size;
  }

  private rangeAt(i: number): string {
    return formatCidr(nthSubnet(this.cluster, this.nodeMaskSize, i));
  }

  private indexOf(podCIDR: string): number | undefined {
    const c = tryParseCidr(podCIDR);
    return c?.prefixLength === this.nodeMaskSize ? subnetIndex(this.cluster, c) : undefined;
  }
}
