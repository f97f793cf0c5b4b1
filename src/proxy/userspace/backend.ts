// What a listener needs from the proxier, per service port: the next backend for a client (skipping the ones
// that already failed this connection), and somewhere to count what it forwards.
import type { Clock, Logger } from '../../util';
import type { ProxyMetrics } from '../metrics';

/** Picks the backend ("ip:port") for a new connection from clientIP; undefined = turn the client away. */
export type PickBackend = (clientIP: string, tried: ReadonlySet<string>) => string | undefined;

export interface ListenerDeps {
  /** Names the service port in log lines. */
  servicePort: string;
  pick: PickBackend;
  clock: Clock;
  log: Logger;
  metrics?: ProxyMetrics;
}

/** "10.244.1.2:8080" → ["10.244.1.2", 8080]. */
export function splitHostPort(endpoint: string): [string, number] {
  const i = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, i), Number(endpoint.slice(i + 1))];
}

/** A listener on one address; close() stops serving it (and, with destroy, drops what it forwards). */
export interface ProxyListener {
  close(destroyConnections: boolean): void;
}
