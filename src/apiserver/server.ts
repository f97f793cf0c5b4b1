// startApiServer: opens the store, builds the registry on it and serves the API over plain HTTP on loopback
// and/or HTTPS with a given certificate, where ./auth authenticates and authorizes every request.
// close() drains: stop accepting, end watches, close registry, store.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRegistry } from '../registry';
import { openStore, type StoreConfig } from '../storage';
import { componentLogger, realClock, type Clock, type Logger } from '../util';
import { createAuthGate, loadAuthenticator } from './auth';
import { componentProbes } from './component-statuses';
import { createApiHandler } from './handler';
import { createJoinEndpoints, type JoinEndpoints } from './join';
import { loadSigningCa } from './join-signer';
import { ApiServerMetrics } from './metrics';
import { kubeletTransport, useKubeletTransport } from './kubelet-transport';

export interface ApiServerOptions {
  store: 'sqlite' | 'etcd';
  /** sqlite: the directory holding the database file. */
  dataDir?: string;
  etcdServers?: string[];
  /** Prepended to every etcd key, so that several clusters (or test runs) can share one etcd. */
  etcdPrefix?: string;
  /** Plain HTTP, unauthenticated: bound to insecureBindAddress (default 127.0.0.1). 0 picks a free port. */
  insecurePort?: number;
  insecureBindAddress?: string;
  /** HTTPS, every request authenticated and authorized (./auth). */
  securePort?: number;
  /** Address for the secure port (default 127.0.0.1; `up` passes the host bridge so that nodes reach it). */
  bindAddress?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** CA whose client certificates authenticate as CN = user, O = groups. */
  clientCaFile?: string;
  /** CSV `token,user,uid,"group1,group2"`: bearer tokens. */
  tokenAuthFile?: string;
  /** CSV `password,user,uid[,"group1,group2"]`: basic auth. */
  basicAuthFile?: string;
  serviceClusterIpRange?: string;
  /** --service-node-port-range, "FIRST-LAST" (default 30000-32767). */
  serviceNodePortRange?: string;
  /** PEM client certificate and key the apiserver shows kubelets (logs, exec, port-forward over HTTPS). */
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
  /** PEM CA that the kubelets' serving certificates are verified against. */
  kubeletCertificateAuthority?: string;
  /** Join tokens, one per line: each may only ask for node credentials (auth/bootstrap). */
  bootstrapTokenFile?: string;
  /** The CA pair that signs joining nodes' certificates (./join); without both, no join endpoints. */
  clusterSigningCertFile?: string;
  clusterSigningKeyFile?: string;
  /** Health URLs `kubectl get componentstatuses` probes (defaults: the components' default ports on 127.0.0.1). */
  schedulerHealthz?: string;
  controllerManagerHealthz?: string;
  clock?: Clock;
  log?: Logger;
}

export interface ApiServer {
  /** The first address served: http://127.0.0.1:PORT, or https://127.0.0.1:PORT when only HTTPS is on. */
  url: string;
  /** Every address served. */
  urls: string[];
  close(): Promise<void>;
}

type Server = http.Server | https.Server;

/** The database file inside --data-dir. */
export const SQLITE_FILE = 'k8ts.db';

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, closes idle keep-alive connections, and cuts whatever is still busy after graceMs. */
function closeServer(server: Server, graceMs = 5000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The join endpoints when both signing files are given (read now, so a bad one fails start-up). */
function joinEndpoints(o: ApiServerOptions): JoinEndpoints | undefined {
  if (!o.clusterSigningCertFile && !o.clusterSigningKeyFile) return undefined;
  if (!o.clusterSigningCertFile || !o.clusterSigningKeyFile)
    throw new Error('--cluster-signing-cert-file and --cluster-signing-key-file go together');
  return createJoinEndpoints({
    ca: loadSigningCa(
      readFileSync(o.clusterSigningCertFile, 'utf8'),
      readFileSync(o.clusterSigningKeyFile, 'utf8'),
    ),
    servingCertPem: o.tlsCertFile ? readFileSync(o.tlsCertFile, 'utf8') : undefined,
    serviceClusterIpRange: o.serviceClusterIpRange,
  });
}

function storeConfig(o: ApiServerOptions, clock: Clock): StoreConfig {
  if (o.store === 'etcd') {
    if (!o.etcdServers?.length) throw new Error('--store etcd needs --etcd-servers');
    return { kind: 'etcd', endpoints: o.etcdServers, prefix: o.etcdPrefix, clock };
  }
  if (!o.dataDir) throw new Error('--store sqlite needs --data-dir');
  mkdirSync(o.dataDir, { recursive: true });
  return { kind: 'sqlite', path: path.join(o.dataDir, SQLITE_FILE), clock };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const log = options.log ?? componentLogger('apiserver');
  const clock = options.clock ?? realClock;
  if (options.insecurePort === undefined && options.securePort === undefined)
    throw new Error('nothing to serve: give --insecure-port and/or --secure-port');
  if (options.securePort !== undefined && (!options.tlsCertFile || !options.tlsKeyFile))
    throw new Error('--secure-port needs --tls-cert-file and --tls-private-key-file');

  // Credential files are read before the store opens, so that a bad one fails start-up with nothing to undo.
  const authenticator =
    options.securePort === undefined
      ? undefined
      : loadAuthenticator({
          tokenAuthFile: options.tokenAuthFile,
          basicAuthFile: options.basicAuthFile,
          bootstrapTokenFile: options.bootstrapTokenFile,
        });
  const join = joinEndpoints(options);
  const kubelets = kubeletTransport({
    certFile: options.kubeletClientCertificate,
    keyFile: options.kubeletClientKey,
    caFile: options.kubeletCertificateAuthority,
  });
  const metrics = new ApiServerMetrics();
  const store = metrics.instrumentStore(openStore(storeConfig(options, clock)));
  const registry = await createRegistry({
    store,
    clock,
    serviceClusterIpRange: options.serviceClusterIpRange,
    serviceNodePortRange: options.serviceNodePortRange,
  });
  useKubeletTransport(registry, kubelets);
  const auth = authenticator && createAuthGate(authenticator, registry);
  // One read of the store: what /readyz and, on the embedded store, componentstatuses ask of it.
  const storeCheck = async () => void (await store.currentRevision());
  const components = componentProbes({
    schedulerHealthz: options.schedulerHealthz,
    controllerManagerHealthz: options.controllerManagerHealthz,
    etcdServers: options.store === 'etcd' ? options.etcdServers : undefined,
    storeCheck,
  });
  const readiness = [{ name: options.store, check: storeCheck }];
  const handler = createApiHandler({ registry, clock, log, auth, metrics, join, components, readiness });
  const servers: Server[] = [];
  const urls: string[] = [];
  const serve = (server: Server) => {
    server.on('request', handler.request);
    server.on('upgrade', handler.upgrade);
    // Requests Node cannot even parse (bad request line, headers over 16 KiB) never reach the handler.
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status =
        err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    });
    servers.push(server);
  };
  try {
    if (options.insecurePort !== undefined) {
      const host = options.insecureBindAddress ?? '127.0.0.1';
      const server = http.createServer();
      serve(server);
      urls.push(`http://${host}:${await listen(server, options.insecurePort, host)}`);
    }
    if (options.securePort !== undefined) {
      // A client certificate is asked for but not required: the authenticator decides (token or basic
      // credentials are just as good), and one from an unknown CA is a 401 there, not a failed handshake.
      const clientCa = options.clientCaFile
        ? { ca: readFileSync(options.clientCaFile), requestCert: true }
        : {};
      const server = https.createServer({
        cert: readFileSync(options.tlsCertFile!),
        key: readFileSync(options.tlsKeyFile!),
        rejectUnauthorized: false,
        ...clientCa,
      });
      serve(server);
      const host = options.bindAddress ?? '127.0.0.1';
      const port = await listen(server, options.securePort, host);
      urls.push(`https://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
    }
  } catch (e) {
    await Promise.all(servers.map((s) => (s.listening ? closeServer(s, 0) : undefined)));
    await registry.close();
    await store.close();
    throw e;
  }
  log.info({ urls, store: options.store }, 'apiserver serving');

  let closing: Promise<void> | undefined;
  return {
    url: urls[0]!,
    urls,
    close() {
      closing ??= (async () => {
        const stopped = Promise.all(servers.map((s) => closeServer(s)));
        handler.endStreams();
        await stopped;
        await registry.close();
        await store.close();
      })();
      return closing;
    },
  };
}
