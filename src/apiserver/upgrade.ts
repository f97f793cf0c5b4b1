// Upgrade requests (WebSocket or SPDY: kubectl exec, attach, port-forward). Until kubelets are reachable
// every upgrade is refused with a real HTTP response carrying a Status, so kubectl reports it instead of
// hanging on a socket that nobody answers.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../api/errors';
import type { Registry } from '../registry/rest';
import type { Logger } from '../util';
import { KUBELET_SUBRESOURCES, kubeletSubresourceError } from './pod-proxy';
import { toStatusError } from './respond';
import { parseRoute } from './route';

async function refusal(req: IncomingMessage, registry: Registry): Promise<StatusError> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  if (!path.startsWith('/api/v1/'))
    return errors.badRequest('this endpoint does not support protocol upgrades');
  const route = parseRoute(path.slice('/api/v1/'.length));
  if (route.kind === 'subresource' && route.info.resource === 'pods' && KUBELET_SUBRESOURCES.has(route.sub))
    return kubeletSubresourceError(registry, route.namespace, route.name, route.sub, query, true);
  return errors.badRequest('this endpoint does not support protocol upgrades');
}

export function writeRawStatus(socket: Duplex, status: StatusError): void {
  const body = JSON.stringify(status.toStatus());
  socket.end(
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/** The server's 'upgrade' listener. */
export function handleUpgrade(req: IncomingMessage, socket: Duplex, registry: Registry, log: Logger): void {
  socket.on('error', () => socket.destroy());
  refusal(req, registry)
    .catch((e: unknown) => toStatusError(e, log))
    .then((status) => writeRawStatus(socket, status))
    .catch(() => socket.destroy());
}
