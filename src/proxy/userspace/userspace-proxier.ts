// UserspaceProxier: the Proxier that forwards through this process (the 2014 kube-proxy). Each service port
// with a cluster IP gets a listener on clusterIP:port (TCP or UDP, per its protocol) and, for NodePort
// services, one on every node address at the node port; all of a service port's listeners share its
// balancer state. A sync opens what is missing, closes what is no longer wanted (established TCP connections
// carry on) and hands the balancer the new endpoints, which only new connections see.
import type { Endpoints, Service } from '../../api/types';
import { type Clock, type Logger, realClock } from '../../util';
import type { LocalServiceRoute } from '../local-route';
import type { ProxyMetrics } from '../metrics';
import type { Proxier, SyncOptions } from '../proxier';
import { type ServicePortInfo, servicePorts } from '../service-ports';
import type { ProxyListener } from './backend';
import { LoadBalancer } from './load-balancer';
import { TcpListener } from './tcp-listener';
import { UdpListener } from './udp-listener';

export interface UserspaceProxierOptions {
  log: Logger;
  clock?: Clock;
  /** Addresses to serve node ports on; none = no NodePort listeners. */
  nodePortAddresses?: readonly string[];
  /** Makes the service range local on the first sync and is removed by cleanup(); omit when the cluster IPs
   * are local already (loopback in tests). */
  localRoute?: Pick<LocalServiceRoute, 'ensure' | 'remove'>;
  metrics?: ProxyMetrics;
  /** Default 1000 ms. */
  connectTimeoutMs?: number;
  /** Default 250 ms, kube-proxy's --udp-timeout. */
  udpIdleTimeoutMs?: number;
}

interface Wanted {
  servicePort: string;
  protocol: 'TCP' | 'UDP';
  host: string;
  port: number;
}

interface Open extends Wanted {
  listener: ProxyListener;
}

const listenerKey = (w: Wanted) => `${w.protocol}/${w.host}:${w.port}`;

export class UserspaceProxier implements Proxier {
  private readonly balancer = new LoadBalancer();
  private readonly listeners = new Map<string, Open>();
  private readonly clock: Clock;
  private readonly log: Logger;
  private balanced = new Set<string>();
  private routed = false;
  private warnedSctp = new Set<string>();

  constructor(private readonly o: UserspaceProxierOptions) {
    this.clock = o.clock ?? realClock;
    this.log = o.log;
  }

  /**
   * Rejects, after applying everything else, when the route cannot be made or an address cannot be bound
   * (EADDRINUSE: another process holds the port). The next sync retries what failed; a resync also puts
   * the local route back should someone have deleted it.
   */
  async sync(
    services: readonly Service[],
    endpoints: readonly Endpoints[],
    options?: SyncOptions,
  ): Promise<void> {
    if (this.o.localRoute && (!this.routed || options?.resync)) {
      await this.o.localRoute.ensure();
      this.routed = true;
    }
    const ports = servicePorts(services, endpoints).filter((p) => this.supported(p));
    this.updateBalancer(ports);
    const wanted = new Map(this.wantedListeners(ports).map((w) => [listenerKey(w), w]));
    for (const [key, open] of this.listeners) {
      const w = wanted.get(key);
      if (w && w.servicePort === open.servicePort) continue;
      open.listener.close(false);
      this.listeners.delete(key);
    }
    const failures: string[] = [];
    await Promise.all(
      [...wanted].map(async ([key, w]) => {
        if (this.listeners.has(key)) return;
        try {
          this.listeners.set(key, { ...w, listener: await this.listen(w) });
        } catch (err) {
          failures.push(`${w.servicePort} on ${key}: ${(err as Error).message}`);
        }
      }),
    );
    if (failures.length) throw new Error(`could not listen for ${failures.sort().join('; ')}`);
  }

  async cleanup(): Promise<void> {
    for (const open of this.listeners.values()) open.listener.close(true);
    this.listeners.clear();
    if (this.o.localRoute) await this.o.localRoute.remove();
    this.routed = false;
  }

  /** What is being served: "TCP/10.96.0.10:53 default/dns:dns-tcp", sorted (for tests and debugging). */
  serving(): string[] {
    return [...this.listeners].map(([key, o]) => `${key} ${o.servicePort}`).sort();
  }

  private supported(p: ServicePortInfo): boolean {
    if (p.protocol !== 'SCTP') return true;
    if (!this.warnedSctp.has(p.name)) {
      this.warnedSctp.add(p.name);
      this.log.warn({ service: p.name }, 'SCTP is not supported by the userspace proxy; port not served');
    }
    return false;
  }

  private updateBalancer(ports: ServicePortInfo[]): void {
    const names = new Set(ports.map((p) => p.name));
    for (const p of ports)
      this.balancer.update(p.name, {
        endpoints: p.endpoints,
        affinityTimeoutSeconds: p.affinityTimeoutSeconds,
      });
    for (const name of this.balanced) if (!names.has(name)) this.balancer.remove(name);
    this.balanced = names;
  }

  private wantedListeners(ports: ServicePortInfo[]): Wanted[] {
    const out: Wanted[] = [];
    for (const p of ports) {
      const protocol = p.protocol as 'TCP' | 'UDP';
      out.push({ servicePort: p.name, protocol, host: p.clusterIP, port: p.port });
      if (p.nodePort)
        for (const host of this.o.nodePortAddresses ?? [])
          out.push({ servicePort: p.name, protocol, host, port: p.nodePort });
    }
    return out;
  }

  private listen(w: Wanted): Promise<ProxyListener> {
    const deps = {
      servicePort: w.servicePort,
      host: w.host,
      port: w.port,
      pick: (clientIP: string, tried: ReadonlySet<string>) =>
        this.balancer.next(w.servicePort, clientIP, this.clock.now(), tried),
      clock: this.clock,
      log: this.log,
      metrics: this.o.metrics,
    };
    return w.protocol === 'TCP'
      ? TcpListener.listen({ ...deps, connectTimeoutMs: this.o.connectTimeoutMs ?? 1000 })
      : UdpListener.listen({ ...deps, idleTimeoutMs: this.o.udpIdleTimeoutMs ?? 250 });
  }
}
