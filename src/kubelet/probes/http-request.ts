// Builds the GET an httpGet probe sends, as the kubelet's NewRequestForHTTPGetAction does: host defaults to the
// pod IP, the port may be a container port's name, headers repeat as given, and User-Agent / Accept are added
// unless the probe sets them (an empty Accept removes it). Pure.
import type { ContainerPort } from '../../api/types';
import { KUBE_VERSION } from '../../api/version';
import { joinHostPort } from './dial-error';
import { resolveContainerPort } from './port';
import type { Probe } from './probe-types';

export interface HttpProbeRequest {
  host: string;
  port: number;
  /** Path and query, always starting with '/'. */
  path: string;
  /** Header name as written in the probe → its values in order. */
  headers: Record<string, string[]>;
  /** The URL as messages show it: `http://10.244.0.5:8080/healthz`. */
  url: string;
}

export function buildHttpProbeRequest(
  action: NonNullable<Probe['httpGet']>,
  podIp: string,
  ports: readonly ContainerPort[] | undefined,
): HttpProbeRequest | { error: string } {
  const scheme = (action.scheme ?? 'HTTP').toUpperCase();
  if (scheme !== 'HTTP')
    return { error: `scheme ${action.scheme} is not supported by k8ts probes; use HTTP` };
  const resolved = resolveContainerPort(action.port, ports);
  if ('error' in resolved) return resolved;
  const host = action.host || podIp;
  const path = action.path ? (action.path.startsWith('/') ? action.path : `/${action.path}`) : '/';
  const headers = headersOf(action.httpHeaders ?? []);
  return {
    host,
    port: resolved.port,
    path,
    headers,
    url: `http://${joinHostPort(host, resolved.port)}${path}`,
  };
}

function headersOf(list: readonly { name: string; value: string }[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  const find = (name: string) => Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  for (const { name, value } of list) (headers[find(name) ?? name] ??= []).push(value);
  if (!find('User-Agent')) headers['User-Agent'] = [`kube-probe/${KUBE_VERSION.major}.${KUBE_VERSION.minor}`];
  const accept = find('Accept');
  if (!accept) headers['Accept'] = ['*/*'];
  else if (headers[accept]!.every((v) => v === '')) delete headers[accept];
  return headers;
}
