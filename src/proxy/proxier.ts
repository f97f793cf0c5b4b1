// The contract between the proxy's watch loop and its two data planes (userspace and iptables). The loop hands
// a proxier the complete, current set of services and endpoints each time anything changes (level-triggered),
// so a proxier never has to reason about the order of events.
import type { Endpoints, Service } from '../api/types';

export interface SyncOptions {
  /**
   * A periodic forced re-sync: re-assert everything on the node (routes, rules, jumps, listeners) even when
   * the state is the one last applied, so what someone else deleted comes back. Default false.
   */
  resync?: boolean;
}

export interface Proxier {
  /**
   * Makes the data plane match exactly these services and endpoints. Called again after every change, with the
   * whole state; may be called more than once with the same state, and must then change nothing (unless
   * `resync`, and then only put back what went missing). Rejects only when the node itself refuses (iptables
   * missing, no permission); the caller retries with back-off.
   */
  sync(services: readonly Service[], endpoints: readonly Endpoints[], options?: SyncOptions): Promise<void>;
  /** Removes everything this proxier made (listeners, routes, rules). Idempotent. */
  cleanup(): Promise<void>;
}
