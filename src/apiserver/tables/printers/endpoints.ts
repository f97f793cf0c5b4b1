// `kubectl get endpoints` columns, as Kubernetes' printEndpoints: at most three `ip:port` pairs, then
// ` + N more...`; `<none>` when there are no subsets.
import type { Endpoints } from 'kubernetes-types/core/v1';
import { ageSince } from '../duration';
import { AGE_COLUMN, NAME_COLUMN, column, type Printer } from '../types';

const MAX_SHOWN = 3;

const columns = [NAME_COLUMN, column('Endpoints', 'Endpoints of the service.'), AGE_COLUMN];

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** formatEndpoints: every ready address of every port, the first three shown. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const shown: string[] = [];
  let count = 0;
  const add = (s: string) => {
    count++;
    if (shown.length < MAX_SHOWN) shown.push(s);
  };
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if (!ss.ports?.length) addresses.forEach((a) => add(a.ip));
    else for (const p of ss.ports) addresses.forEach((a) => add(hostPort(a.ip, p.port)));
  }
  const s = shown.join(',');
  return count > MAX_SHOWN ? `${s} + ${count - MAX_SHOWN} more...` : s;
}

export const endpointsPrinter: Printer = {
  columns,
  cells(ep: Endpoints, now: number) {
    return [ep.metadata?.name ?? '', formatEndpoints(ep), ageSince(ep.metadata?.creationTimestamp, now)];
  },
};
