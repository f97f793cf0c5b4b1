// Resolves a probe's port (a number, a container port's name, or a number written as a string) to a number, as
// the kubelet's probe.ResolveContainerPort does. Pure; errors are returned as values.
import type { ContainerPort } from '../../api/types';

export type PortResult = { port: number } | { error: string };

export function resolveContainerPort(
  param: number | string | undefined,
  ports: readonly ContainerPort[] | undefined,
): PortResult {
  let port: number;
  if (typeof param === 'number') {
    port = param;
  } else if (typeof param === 'string') {
    const named = ports?.find((p) => p.name === param);
    if (named) port = named.containerPort;
    // Last ditch, as upstream: maybe it was a number stored as a string.
    else if (/^[0-9]+$/.test(param)) port = Number(param);
    else return { error: `port ${param} not found` };
  } else {
    return { error: 'probe has no port' };
  }
  if (Number.isInteger(port) && port > 0 && port < 65536) return { port };
  return { error: `invalid port number: ${port}` };
}
