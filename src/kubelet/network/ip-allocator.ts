// IpAllocator: hands out pod IPs from the node's pod range, one per owner (pod uid), never twice.
// State is written to a JSON file (atomically, by rename) on every change, so a restarted kubelet keeps its
// leases; rebuild() replaces them with what running sandboxes report, the truth after a crash.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nthAddress, offsetIn, parseCidr, parseIPv4, type CidrRules, type Ipv4Cidr } from '../../util';

/** A node's pod range: host bits must be zero so a typo does not silently shift the range. */
export const POD_CIDR: CidrRules = { what: 'pod CIDR', minPrefix: 8, maxPrefix: 30, exact: true };

/** The bridge (gateway) address of a pod range: its first host, `.1` in a /24. */
export const gatewayOf = (cidr: string): string => nthAddress(parseCidr(cidr, POD_CIDR), 1);

export interface IpLease {
  ip: string;
  owner: string;
}

interface StateFile {
  cidr: string;
  last: number;
  leases: Record<string, string>; // ip -> owner
}

export class IpRangeFullError extends Error {
  constructor(cidr: string) {
    super(`no IP addresses available in range set: ${cidr}`);
    this.name = 'IpRangeFullError';
  }
}

export class IpAllocator {
  private readonly range: Ipv4Cidr;
  private leases = new Map<string, string>(); // ip -> owner
  /** Offset of the last address handed out: allocation goes round-robin, so a freed IP is not reused at once. */
  private last = 1;

  /** `stateFile` undefined keeps leases in memory only (the hollow node). */
  constructor(
    readonly cidr: string,
    private readonly stateFile?: string,
  ) {
    this.range = parseCidr(cidr, POD_CIDR);
    if (stateFile) this.load(stateFile);
  }

  /** The owner's IP, allocating one if it has none. Idempotent per owner. Throws IpRangeFullError. */
  allocate(owner: string): string {
    const held = this.ipOf(owner);
    if (held) return held;
    const hosts = this.range.size - 3; // network, gateway (.1) and broadcast are never handed out
    for (let i = 1; i <= hosts; i++) {
      const offset = ((this.last - 2 + i) % hosts) + 2;
      const ip = nthAddress(this.range, offset);
      if (!this.leases.has(ip)) {
        this.leases.set(ip, owner);
        this.last = offset;
        this.save();
        return ip;
      }
    }
    throw new IpRangeFullError(this.cidr);
  }

  /** Records that `owner` holds `ip` (e.g. an IP chosen by the kubelet). Throws if another owner holds it. */
  reserve(owner: string, ip: string): void {
    this.checkUsable(ip);
    const current = this.leases.get(ip);
    if (current === owner) return;
    if (current !== undefined) throw new Error(`IP ${ip} is already allocated to ${current}`);
    const held = this.ipOf(owner);
    if (held) this.leases.delete(held);
    this.leases.set(ip, owner);
    this.save();
  }

  /** Frees the owner's IP, if any. Idempotent. */
  release(owner: string): void {
    const held = this.ipOf(owner);
    if (!held) return;
    this.leases.delete(held);
    this.save();
  }

  ipOf(owner: string): string | undefined {
    for (const [ip, o] of this.leases) if (o === owner) return ip;
    return undefined;
  }

  list(): IpLease[] {
    return [...this.leases]
      .map(([ip, owner]) => ({ ip, owner }))
      .sort((a, b) => parseIPv4(a.ip) - parseIPv4(b.ip));
  }

  /** Replaces every lease with `leases` (from running sandboxes); addresses outside the range are ignored. */
  rebuild(leases: readonly IpLease[]): void {
    this.leases = new Map();
    for (const l of leases) {
      if (offsetIn(this.range, l.ip) !== undefined && !this.leases.has(l.ip)) this.leases.set(l.ip, l.owner);
    }
    this.save();
  }

  private checkUsable(ip: string): void {
    const offset = parseIPv4(ip) - this.range.network;
    if (offset < 2 || offset >= this.range.size - 1) {
      throw new Error(`IP ${ip} is not a usable pod address in ${this.cidr}`);
    }
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const state = JSON.parse(text) as StateFile;
    // A node whose podCIDR changed starts afresh: leases from another range mean nothing here.
    if (state.cidr !== this.cidr) return;
    this.last = state.last;
    for (const [ip, owner] of Object.entries(state.leases)) this.leases.set(ip, owner);
  }

  private save(): void {
    if (!this.stateFile) return;
    const state: StateFile = { cidr: this.cidr, last: this.last, leases: Object.fromEntries(this.leases) };
    mkdirSync(path.dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 1) + '\n');
    renameSync(tmp, this.stateFile);
  }
}
