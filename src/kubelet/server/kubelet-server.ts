// startKubeletServer: the kubelet's HTTP port on node:http. Routes: /healthz, /metrics (the kubelet's
// registry, when it has one), /pods (KubeletHttpSource, when given), /containerLogs/{ns}/{pod}/{container},
// the /exec/{ns}/{pod}/{container} and /attach/{ns}/{pod}/{container} WebSockets and the /portForward/{ns}/{pod}
// upgrade (SPDY, plain or in a WebSocket; port-forward-server.ts). Unknown paths and unknown pods are 404 Status bodies; the listener is
// closed, with its open streams, by close().
// With `tls` it serves HTTPS, and with a client CA every request but /healthz passes ./kubelet-auth first.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Registry } from 'prom-client';
import { errors, StatusError } from '../../api/errors';
import type { Pod } from '../../api/types';
import type { KubeletHttpSource } from '../config';
import type { Runtime } from '../runtime/runtime';
import { attachServer } from './attach-websocket';
import { refuseUpgrade } from './channel-session';
import { sendStatus, serveContainerLogs } from './container-logs';
import { execServer } from './exec-websocket';
import { createKubeletListener, type KubeletTlsOptions } from './kubelet-listener';
import { podTarget } from './pod-target';
import { PortForwardServer } from './port-forward-server';

/** What the server needs of the Kubelet. */
export interface ServedKubelet {
  /** getPodStatus gives port-forward the pod IP, attach joins a container; without them, those are refused. */
  readonly runtime: Pick<Runtime, 'logs' | 'execStream'> & Partial<Pick<Runtime, 'getPodStatus' | 'attach'>>;
  podByName(namespace: string, name: string): Pod | undefined;
  /** Served at /metrics; without it /metrics is 404. */
  readonly metrics?: { readonly registry: Registry };
}

export interface KubeletServerOptions {
  kubelet: ServedKubelet;
  /** 0 picks a free port. */
  port: number;
  /** Default 0.0.0.0: the apiserver reaches the kubelet on the node's address. */
  address?: string;
  httpSource?: Pick<KubeletHttpSource, 'handle'>;
  /** Serve HTTPS (and, with a client CA, authenticate and authorize); plain HTTP without it. */
  tls?: KubeletTlsOptions;
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
  const exec = execServer(kubelet.runtime);
  const attach = attachServer(kubelet.runtime);
  const portForward = new PortForwardServer(kubelet);

  const request = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const denied = auth?.admit(req);
    if (denied) throw denied;
    const { route, segments, query } = parse(req.url);
    if (route === 'healthz' && !segments.length) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    // /metrics sits behind auth.admit above (nodes/metrics), as in Kubernetes: keep it after that check.
    if (route === 'metrics' && !segments.length && kubelet.metrics) {
      if (req.method !== 'GET') throw errors.methodNotAllowed(`${req.method} is not supported on /metrics`);
      const { registry } = kubelet.metrics;
      const text = await registry.metrics();
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
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
    if (route === 'exec' || route === 'attach' || route === 'portForward')
      throw errors.badRequest('Upgrade request required');
    throw errors.notFound('paths', new URL(req.url ?? '/', 'http://kubelet').pathname);
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const denied = auth?.admit(req);
    if (denied) return refuseUpgrade(socket, denied);
    const { route, segments, query } = parse(req.url);
    if (route === 'portForward') return portForward.upgrade(req, socket, head, segments);
    if (route !== 'exec' && route !== 'attach')
      return refuseUpgrade(socket, errors.badRequest('this endpoint does not support protocol upgrades'));
    const target = podTarget((ns, n) => kubelet.podByName(ns, n), segments);
    if (target instanceof StatusError) return refuseUpgrade(socket, target);
    (route === 'exec' ? exec : attach).upgrade(req, socket, head, target, query);
  };

  const { server, auth } = createKubeletListener(options.tls, (req, res) => {
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
        attach.close();
        portForward.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
