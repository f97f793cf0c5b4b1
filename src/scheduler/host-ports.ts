// HostPorts: the host ports a node's pods hold, and the conflict rule kube-scheduler's NodePorts filter
// applies. A port is (protocol, hostIP, hostPort); an empty hostIP means 0.0.0.0, which conflicts with
// every address for the same protocol and port, as a wildcard bind would on the node itself.
import type { Pod } from '../api/types';

export interface HostPort {
  protocol: string;
  ip: string;
  port: number;
}

const ANY_IP = '0.0.0.0';

/** The host ports a pod's containers ask for (hostPort > 0), with protocol and IP defaulted. */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ protocol: p.protocol || 'TCP', ip: p.hostIP || ANY_IP, port: p.hostPort });
    }
  }
  return out;
}

/** A multiset of held ports: two pods may (wrongly) hold the same one, and removing one must keep the other. */
export class HostPortSet {
  /** `${protocol}/${port}` → hostIP → how many pods hold it. */
  private readonly held = new Map<string, Map<string, number>>();

  add(p: HostPort): void {
    const key = `${p.protocol}/${p.port}`;
    let ips = this.held.get(key);
    if (!ips) this.held.set(key, (ips = new Map()));
    ips.set(p.ip, (ips.get(p.ip) ?? 0) + 1);
  }

  remove(p: HostPort): void {
    const key = `${p.protocol}/${p.port}`;
    const ips = this.held.get(key);
    const n = ips?.get(p.ip);
    if (!ips || n === undefined) return;
    if (n > 1) ips.set(p.ip, n - 1);
    else ips.delete(p.ip);
    if (ips.size === 0) this.held.delete(key);
  }

  conflicts(p: HostPort): boolean {
    const ips = this.held.get(`${p.protocol}/${p.port}`);
    if (!ips) return false;
    return p.ip === ANY_IP || ips.has(ANY_IP) || ips.has(p.ip);
  }

  get size(): number {
    let n = 0;
    for (const ips of this.held.values()) for (const c of ips.values()) n += c;
    return n;
  }
}
