// LoadBalancer: which backend a new connection of a service port goes to, pure (time is an argument).
// Round robin over the ready endpoints; with ClientIP affinity a client keeps its backend while it keeps
// coming back within the timeout (each use renews it, as the userspace kube-proxy does). The caller passes
// the backends it already tried for this connection, so a refusing endpoint is skipped and the next one in
// the rotation is offered; undefined means none is left and the client must be turned away at once.

interface Affinity {
  endpoint: string;
  lastUsedMs: number;
}

interface Balanced {
  endpoints: readonly string[];
  /** Position of the next round-robin pick. */
  index: number;
  /** ClientIP affinity timeout; undefined = no affinity. */
  ttlMs?: number;
  affinity: Map<string, Affinity>;
}

export interface BalancerConfig {
  endpoints: readonly string[];
  affinityTimeoutSeconds?: number;
}

/** An affinity table this large is swept of expired clients before it grows further. */
const SWEEP_AT = 4096;

export class LoadBalancer {
  private readonly services = new Map<string, Balanced>();

  /**
   * Sets a service port's backends and affinity. The rotation continues where it was; clients whose
   * backend is gone lose their affinity, the others keep it. Established connections are not the
   * balancer's business: they are never moved.
   */
  update(name: string, config: BalancerConfig): void {
    const ttlMs =
      config.affinityTimeoutSeconds === undefined ? undefined : config.affinityTimeoutSeconds * 1000;
    const prev = this.services.get(name);
    const endpoints = [...config.endpoints];
    const affinity = prev && prev.ttlMs === ttlMs ? prev.affinity : new Map<string, Affinity>();
    const present = new Set(endpoints);
    for (const [client, a] of affinity) if (!present.has(a.endpoint)) affinity.delete(client);
    const index = prev && endpoints.length ? prev.index % endpoints.length : 0;
    this.services.set(name, { endpoints, index, ttlMs, affinity });
  }

  remove(name: string): void {
    this.services.delete(name);
  }

  endpointsOf(name: string): readonly string[] {
    return this.services.get(name)?.endpoints ?? [];
  }

  /** The backend for a new connection from clientIP, skipping those in tried; undefined when none is left. */
  next(
    name: string,
    clientIP: string,
    nowMs: number,
    tried: ReadonlySet<string> = new Set(),
  ): string | undefined {
    const s = this.services.get(name);
    if (!s || !s.endpoints.length) return undefined;
    if (s.ttlMs !== undefined) {
      const a = s.affinity.get(clientIP);
      if (a && nowMs - a.lastUsedMs < s.ttlMs && !tried.has(a.endpoint)) {
        a.lastUsedMs = nowMs;
        return a.endpoint;
      }
    }
    const n = s.endpoints.length;
    for (let i = 0; i < n; i++) {
      const endpoint = s.endpoints[(s.index + i) % n]!;
      if (tried.has(endpoint)) continue;
      s.index = (s.index + i + 1) % n;
      if (s.ttlMs !== undefined) this.remember(s, clientIP, endpoint, nowMs);
      return endpoint;
    }
    return undefined;
  }

  private remember(s: Balanced, clientIP: string, endpoint: string, nowMs: number): void {
    if (s.affinity.size >= SWEEP_AT)
      for (const [client, a] of s.affinity) if (nowMs - a.lastUsedMs >= s.ttlMs!) s.affinity.delete(client);
    s.affinity.set(clientIP, { endpoint, lastUsedMs: nowMs });
  }
}
