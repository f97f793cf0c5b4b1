// The request handler: health, version, discovery and OpenAPI documents, the review kinds under /apis
// (./reviews), then /api/v1/... routed to the resource and subresource handlers. It never throws: every
// failure becomes a Status response, and a request body over the limit is refused with 413 and the connection
// closed instead of being read. On the secure port every request and upgrade passes ./auth's gate first
// (401/403 as Status), and the handlers are told who the caller is.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { errors, StatusError } from '../api/errors';
import { KUBE_VERSION } from '../api/version';
import type { Registry } from '../registry/rest';
import type { Clock, Logger } from '../util';
import { reviewKindAt, type AuthGate, type UserInfo } from './auth';
import { BodyTooLarge } from './body';
import type { Call } from './call';
import { apiGroupList, apiResourceList, apiVersions, groupDocument } from './discovery';
import { openApiV2, openApiV3CoreV1, openApiV3Root } from './openapi';
import { handleResource } from './resource-handler';
import { sendError, sendJson, toStatusError } from './respond';
import { serveReview } from './reviews';
import { proxyHttp } from './http-proxy';
import { serveComponentStatuses, type ComponentProbe } from './component-statuses';
import { HEALTH_ENDPOINTS, serveHealth, type HealthCheck } from './health';
import { parseProxyRoute, parseRoute } from './route';
import { handleBindings, handleSubresource } from './subresource-handler';
import { handleUpgrade, writeRawStatus } from './upgrade';
import { isDashboardPath, serveDashboard } from '../dashboard/static-files';
import type { ApiServerMetrics } from './metrics';
import type { JoinEndpoints } from './join';

export interface ApiHandler {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Ends every open watch (for draining); new requests are still answered. */
  endStreams(): void;
}

const notFound = () => new StatusError(404, 'NotFound', 'the server could not find the requested resource');

function documents(path: string, host: string): (() => unknown) | undefined {
  switch (path) {
    case '/version':
      return () => KUBE_VERSION;
    case '/api':
      return () => apiVersions(host);
    case '/apis':
      return apiGroupList;
    case '/api/v1':
      return apiResourceList;
    case '/openapi/v3':
      return openApiV3Root;
    case '/openapi/v3/api/v1':
      return openApiV3CoreV1;
  }
  return undefined;
}

/** /healthz, /livez, /readyz and their named checks (/readyz/etcd), tested without building strings. */
const isHealthPath = (path: string) =>
  HEALTH_ENDPOINTS.some((h) => path.startsWith(h) && (path.length === h.length || path[h.length] === '/'));

/** The server's parts that only some routes need. */
interface Routes {
  components: ComponentProbe[];
  readiness: HealthCheck[];
  join?: JoinEndpoints;
}

async function dispatch(call: Call, { components, readiness, join }: Routes): Promise<void> {
  const raw = call.req.url ?? '/';
  const qi = raw.indexOf('?');
  let path = qi < 0 ? raw : raw.slice(0, qi);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const method = call.req.method ?? 'GET';
  const readOnly = method === 'GET' || method === 'HEAD';

  if (isHealthPath(path)) {
    if (!readOnly) throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    return serveHealth(call, path, readiness);
  }
  if (path === '/metrics' && call.metrics) {
    if (!readOnly) throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    const { contentType, body } = await call.metrics.text();
    call.res.writeHead(200, { 'Content-Type': contentType });
    call.res.end(body);
    return;
  }
  const doc = documents(
    path,
    `${call.req.socket.localAddress ?? '127.0.0.1'}:${call.req.socket.localPort ?? 0}`,
  );
  if (doc) {
    if (!readOnly) throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    return sendJson(call.res, 200, doc());
  }
  if (path === '/openapi/v2') {
    if (!readOnly) throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    const { contentType, body } = openApiV2(call.req.headers.accept);
    call.res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
    call.res.end(body);
    return;
  }
  if (isDashboardPath(path)) return serveDashboard(call.req, call.res);
  if (path.startsWith('/apis/')) {
    const review = reviewKindAt(path);
    if (review) return serveReview(call, review, path);
    const group = groupDocument(path);
    if (!group) throw notFound();
    if (!readOnly) throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    return sendJson(call.res, 200, group);
  }
  if (path.startsWith('/k8ts/v1/')) {
    if (join && (await join(call, path))) return;
    throw notFound();
  }
  if (!path.startsWith('/api/v1/')) throw notFound();
  const proxy = parseProxyRoute((qi < 0 ? raw : raw.slice(0, qi)).slice('/api/v1/'.length));
  if (proxy) return proxyHttp(call, proxy);
  const route = parseRoute(path.slice('/api/v1/'.length));
  switch (route.kind) {
    case 'collection':
    case 'object':
      return handleResource(call, route);
    case 'subresource':
      return handleSubresource(call, route);
    case 'bindings':
      return handleBindings(call, route.namespace);
    case 'componentstatuses':
      return serveComponentStatuses(call, components, route.name);
  }
}

/** Bytes of an over-limit body thrown away (never kept) while the 413 reaches the client; then we hang up. */
const DISCARD_BYTES = 8 * 1024 * 1024;

/**
 * After a 413 the rest of the body is read and dropped for a while rather than left unread (or the socket
 * closed): a client still writing into a closed socket gets EPIPE and never sees the answer. Past
 * DISCARD_BYTES the connection is cut.
 */
function refuseLargeBody(req: IncomingMessage): void {
  let discarded = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_BYTES) req.socket.destroy();
  });
  req.resume();
}

export interface ApiHandlerDeps {
  registry: Registry;
  clock: Clock;
  log: Logger;
  /** Authentication and authorization for requests that arrive over TLS (the secure port); plain HTTP skips it. */
  auth?: AuthGate;
  /** Counts every request and serves /metrics. */
  metrics?: ApiServerMetrics;
  /** /k8ts/v1/cluster-info and node-credentials for `k8ts join` (./join); absent without a signing CA. */
  join?: JoinEndpoints;
  /** What `kubectl get componentstatuses` probes (./component-statuses); none when absent. */
  components?: ComponentProbe[];
  /** What /readyz checks besides this process serving (./health): the store. */
  readiness?: HealthCheck[];
}

export function createApiHandler({
  auth,
  join,
  components = [],
  readiness = [],
  ...deps
}: ApiHandlerDeps): ApiHandler {
  const routes: Routes = { components, readiness, join };
  const streams = new Set<() => void>();
  /**
   * Who asks (none on the insecure port) and the request to serve: itself, or the gate's replay of it;
   * rejects with 401/403 on the secure port.
   */
  const admit = (req: IncomingMessage): Promise<{ user?: UserInfo; req: IncomingMessage }> =>
    auth && (req.socket as TLSSocket).encrypted ? auth.admit(req) : Promise.resolve({ req });
  const track = (end: () => void) => {
    streams.add(end);
    return () => streams.delete(end);
  };
  return {
    request(req, res) {
      deps.metrics?.observe(req, res);
      const raw = req.url ?? '/';
      const qi = raw.indexOf('?');
      const call: Call = {
        req,
        res,
        query: new URLSearchParams(qi < 0 ? '' : raw.slice(qi + 1)),
        ...deps,
        track,
      };
      req.on('error', () => res.destroy());
      res.on('error', () => res.destroy());
      admit(req)
        .then((admitted) =>
          dispatch(admitted.req === req && !admitted.user ? call : { ...call, ...admitted }, routes),
        )
        .catch((e: unknown) => {
          if (e instanceof BodyTooLarge) {
            refuseLargeBody(req);
            sendError(res, errors.tooLarge(), deps.log);
            return;
          }
          if (e instanceof StatusError && e.code === 401 && !res.headersSent)
            for (const [k, v] of Object.entries(auth?.challenge ?? {})) res.setHeader(k, v);
          sendError(res, e, deps.log);
        });
    },
    upgrade(req, socket) {
      deps.metrics?.observeUpgrade(req);
      socket.on('error', () => socket.destroy());
      admit(req).then(
        () => handleUpgrade(req, socket, deps.registry, deps.log),
        (e: unknown) => writeRawStatus(socket, toStatusError(e, deps.log)),
      );
    },
    endStreams() {
      for (const end of [...streams]) end();
    },
  };
}
