// startKubeletServer: the kubelet's HTTP port on node:http. Routes: /healthz, /pods (KubeletHttpSource, when
// given), /containerLogs/{ns}/{pod}/{container}, the /exec/{ns}/{pod}/{container} WebSocket and the
// /portForward/{ns}/{pod} upgrade (SPDY, plain or in a WebSocket; port-forward-server.ts). Unknown paths
// and unknown pods are 404 Status bodies; the listener is closed, with its open streams, by close().
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { errors, StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import type { KubeletHttpSource } from '../config';
import type { Runtime } from '../runtime/runtime';
import { sendStatus, serveContainerLogs } from './container-logs';
import { ExecServer, refuseUpgrade } from './exec-websocket';
import { podTarget } from './pod-target';
import { PortForwardServer } from './port-forward-server';

/** What the server needs of the Kubelet. */
export interface ServedKubelet {
  /** getPodStatus gives port-forward the pod IP; without it port-forward is refused. */
  readonly runtime: Pick<Runtime, 'logs' | 'execStream'> & Partial<Pick<Runtime, 'getPodStatus'>>;
  podByName(namespace: string, name: string): Pod | undefined;
}

export interface KubeletServerOptions {
  kubelet: ServedKubelet;
  /** 0 picks a free port. */
  port: number;
  /** Default 0.0.0.0: the apiserver reaches the kubelet on the node's address. */
  address?: string;
  httpSource?: Pick<KubeletHttpSource, 'handle'>;
}

export interface KubeletServer {
  readonly port: number;
  readonly address: string;
  close(): Promise<void>;
}

/** `/containerLogs/a/b/c?x` → { route: 'containerLogs', segments: [a, b, c], query }. */
function parse(url: string | undefined): { route: string; segments: string[]; query: URLSearchParams } {
  const u = new URL(url ?? '/', 'http://kubelet');
  const [route = '', ...segments] = u.pathname.split('/').filter(Boolean);
  return { route, segments, query: u.searchParams };
}

export async function startKubeletServer(options: KubeletServerOptions): Promise<KubeletServer> {
  const { kubelet, httpSource } = options;
  const exec = new ExecServer(kubelet.runtime);
  const portForward = new PortForwardServer(kubelet);

  const request = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { route, segments, query } = parse(req.url);
    if (route === 'healthz' && !segments.length) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (httpSource?.handle(req, res)) return;
    if (route === 'containerLogs') {
      if (req.method !== 'GET')
        throw errors.methodNotAllowed(`${req.method} is not supported on /containerLogs`);
      const target = podTarget((ns, n) => kubelet.podByName(ns, n), segments);
      if (target instanceof StatusError) throw target;
      return serveContainerLogs(kubelet.runtime, target, query, req, res);
    }
    if (route === 'exec' || route === 'portForward') throw errors.badRequest('Upgrade request required');
    throw errors.notFound('paths', new URL(req.url ?? '/', 'http://kubelet').pathname);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const { route, segments, query } = parse(req.url);
    if (route === 'portForward') return portForward.upgrade(req, socket, head, segments);
    if (route !== 'exec')
      return refuseUpgrade(socket, errors.badRequest('this endpoint does not support protocol upgrades'));
    const target = podTarget((ns, n) => kubelet.podByName(ns, n), segments);
    if (target instanceof StatusError) return refuseUpgrade(socket, target);
    exec.upgrade(req, socket, head, target, query);
  };

  const server: Server = createServer((req, res) => {
    request(req, res).catch((e: unknown) => {
      const err = e instanceof StatusError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      if (res.headersSent) res.destroy();
      else sendStatus(res, err);
    });
  });
  server.on('upgrade', upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.address ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    port: bound.port,
    address: bound.address,
    close: () =>
      new Promise<void>((resolve) => {
        exec.close();
        portForward.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
