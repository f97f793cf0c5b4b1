// Words a Node socket error the way Go's net package does, so probe messages read like the kubelet's:
// `dial tcp 10.244.0.5:8080: connect: connection refused`.

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connect: connection refused',
  EHOSTUNREACH: 'connect: no route to host',
  ENETUNREACH: 'connect: network is unreachable',
  EADDRNOTAVAIL: 'connect: cannot assign requested address',
  ETIMEDOUT: 'i/o timeout',
};

/** host:port, with IPv6 hosts in brackets (Go's net.JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The message of a failed dial; errors outside the connect phase keep Node's own words. */
export function dialMessage(host: string, port: number, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words = (code && CONNECT_ERRORS[code]) ?? (err instanceof Error ? err.message : String(err));
  return `dial tcp ${joinHostPort(host, port)}: ${words}`;
}

/** Whether err happened while connecting (as opposed to after the connection was made). */
export function isDialError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && code in CONNECT_ERRORS;
}

/** Go's message when a dial outlives its deadline. */
export function dialTimeoutMessage(host: string, port: number): string {
  return `dial tcp ${joinHostPort(host, port)}: i/o timeout`;
}
