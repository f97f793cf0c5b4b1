// Upgrade requests (kubectl exec's and attach's WebSocket; SPDY fallbacks; port-forward). pods/exec, pods/attach
// and pods/portforward are proxied to the pod's kubelet at the socket level: the upgrade request (GET WebSocket,
// or port-forward's POST `Upgrade: SPDY/3.1`) is forwarded to the kubelet's /exec/..., /attach/... or
// /portForward/..., its 101 (with the Sec-WebSocket-Protocol or X-Stream-Protocol-Version it chose) relayed,
// then both sockets piped — the apiserver never parses a frame, WebSocket or SPDY. The hop to the kubelet is
// HTTP or HTTPS per ./kubelet-transport. Anything that fails before the 101 is a real HTTP response carrying a
// Status, so kubectl reports it (or, for port-forward's WebSocket, falls back to SPDY) instead of hanging.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../api/errors';
import type { Registry } from '../registry/rest';
import type { Logger } from '../util';
import { kubeletTransportOf, type KubeletTransport } from './kubelet-transport';
import { KUBELET_SUBRESOURCES, kubeletUrl, unreachable } from './pod-proxy';
import { toStatusError } from './respond';
import { parseRoute } from './route';

/** The kubelet URL this upgrade is for; throws a StatusError when it is not one we proxy. */
async function upgradeTarget(req: IncomingMessage, registry: Registry): Promise<URL> {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  if (!path.startsWith('/api/v1/'))
    throw errors.badRequest('this endpoint does not support protocol upgrades');
  const route = parseRoute(path.slice('/api/v1/'.length));
  if (route.kind !== 'subresource' || route.info.resource !== 'pods' || !KUBELET_SUBRESOURCES.has(route.sub))
    throw errors.badRequest('this endpoint does not support protocol upgrades');
  if (route.sub === 'log') throw errors.badRequest('pods/log does not support protocol upgrades');
  return kubeletUrl(registry, route.namespace, route.name, route.sub, query);
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

/** `HTTP/1.1 <code> <text>` and the headers exactly as received (raw, so repeated headers survive). */
function responseHead(res: IncomingMessage): string {
  const lines = [
    `HTTP/1.1 ${res.statusCode} ${res.statusMessage ?? STATUS_CODES[res.statusCode ?? 0] ?? ''}`,
  ];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Forwards the upgrade to the kubelet and splices the two connections once it answers. */
function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
  transport: KubeletTransport,
): void {
  const headers = { ...req.headers, host: url.host };
  const upstream = transport.request(url, { method: req.method, headers });
  socket.on('close', () => upstream.destroy());
  upstream.on('upgrade', (res, kubelet, kubeletHead) => {
    socket.write(responseHead(res));
    if (kubeletHead.length) socket.write(kubeletHead);
    if (head.length) kubelet.write(head);
    kubelet.on('error', () => socket.destroy());
    socket.on('error', () => kubelet.destroy());
    kubelet.pipe(socket).on('close', () => kubelet.destroy());
    socket.pipe(kubelet);
    socket.on('close', () => kubelet.destroy());
    kubelet.on('close', () => socket.destroy());
  });
  // The kubelet refused the upgrade: relay its answer (a Status) and close.
  upstream.on('response', (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      socket.write(
        `HTTP/1.1 ${res.statusCode} ${STATUS_CODES[res.statusCode ?? 0] ?? 'Error'}\r\n` +
          `Content-Type: ${res.headers['content-type'] ?? 'application/json'}\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.end(body);
    });
  });
  upstream.on('error', (e) => {
    if (socket.writable) writeRawStatus(socket, unreachable(url, e));
  });
  upstream.end();
}

/** The server's 'upgrade' listener. */
export function handleUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  registry: Registry,
  log: Logger,
  head: Buffer = Buffer.alloc(0),
): void {
  socket.on('error', () => socket.destroy());
  upgradeTarget(req, registry)
    .then((url) => proxyUpgrade(req, socket, head, url, kubeletTransportOf(registry)))
    .catch((e: unknown) => writeRawStatus(socket, toStatusError(e, log)))
    .catch(() => socket.destroy());
}
