// The apiserver's Prometheus metrics, in a registry of its own (tests run several servers in one process):
// requests by verb, resource, subresource and code; latency of the short requests (watches, log follows, exec
// and port-forward are long-running and counted in a gauge instead, as kube-apiserver does); storage latency by
// operation. Served at /metrics behind the same authentication as the API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../storage';

export interface RequestInfo {
  /** Kubernetes' verb: get, list, watch, create, update, patch, delete, deletecollection, connect; or the
   * lower-cased HTTP method for paths outside the API (/healthz, /version, /ui/). */
  verb: string;
  resource: string;
  subresource: string;
}

const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);
const STORE_OPERATIONS = ['get', 'list', 'create', 'update', 'delete', 'currentRevision', 'compact'] as const;

/** Reads verb, resource and subresource from a request line, the way kube-apiserver's RequestInfo does. */
export function requestInfo(method: string, url: string): RequestInfo {
  const [path = '', query = ''] = url.split('?', 2);
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api' || parts[1] !== 'v1')
    return { verb: method.toLowerCase(), resource: '', subresource: '' };
  let rest = parts.slice(2);
  // /namespaces/<ns>/<resource>/… — but /namespaces and /namespaces/<name>[/status|finalize] are namespaces.
  if (rest[0] === 'namespaces' && rest.length > 2) rest = rest.slice(2);
  const [resource = '', name, subresource = ''] = rest;
  const watching = /(^|&)watch=(1|true)(&|$)/.test(query);
  let verb: string;
  switch (method) {
    case 'GET':
    case 'HEAD':
      verb = watching ? 'watch' : name === undefined ? 'list' : 'get';
      break;
    case 'POST':
      verb = CONNECT_SUBRESOURCES.has(subresource) ? 'connect' : 'create';
      break;
    case 'PUT':
      verb = 'update';
      break;
    case 'PATCH':
      verb = 'patch';
      break;
    case 'DELETE':
      verb = name === undefined ? 'deletecollection' : 'delete';
      break;
    default:
      verb = method.toLowerCase();
  }
  if (CONNECT_SUBRESOURCES.has(subresource)) verb = 'connect';
  return { verb, resource, subresource };
}

const longRunning = (info: RequestInfo, url: string) =>
  info.verb === 'watch' ||
  info.verb === 'connect' ||
  (info.subresource === 'log' && /follow=(1|true)/.test(url));

export class ApiServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'k8ts_apiserver_request_total',
    help: 'API requests by verb, resource, subresource and HTTP code.',
    labelNames: ['verb', 'resource', 'subresource', 'code'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'k8ts_apiserver_request_duration_seconds',
    help: 'Time from request to the end of the response, for requests that are not long-running.',
    labelNames: ['verb', 'resource'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly longRunning = new Gauge({
    name: 'k8ts_apiserver_long_running_requests',
    help: 'Open watches, log follows, exec and port-forward sessions.',
    labelNames: ['verb', 'resource'] as const,
    registers: [this.registry],
  });
  private readonly storage = new Histogram({
    name: 'k8ts_apiserver_storage_duration_seconds',
    help: 'Latency of storage operations.',
    labelNames: ['operation', 'result'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [this.registry],
  });

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Call when a request arrives; records it when its response ends or its connection closes. */
  observe(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const info = requestInfo(req.method ?? 'GET', url);
    const started = this.now();
    const long = longRunning(info, url);
    if (long) this.longRunning.inc({ verb: info.verb, resource: info.resource });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.requests.inc({ ...info, code: String(res.statusCode) });
      if (long) this.longRunning.dec({ verb: info.verb, resource: info.resource });
      else this.latency.observe({ verb: info.verb, resource: info.resource }, (this.now() - started) / 1000);
    };
    res.once('finish', finish);
    res.once('close', finish);
  }

  /** Upgraded connections (exec, port-forward) never get a response object: counted open until the socket ends. */
  observeUpgrade(req: IncomingMessage): void {
    const info = requestInfo(req.method ?? 'GET', req.url ?? '/');
    this.requests.inc({ ...info, code: '101' });
    this.longRunning.inc({ verb: info.verb, resource: info.resource });
    req.socket.once('close', () => this.longRunning.dec({ verb: info.verb, resource: info.resource }));
  }

  /** The store with every operation timed; watch and close pass through untouched. */
  instrumentStore(store: Store): Store {
    const ops = new Set<string>(STORE_OPERATIONS);
    const wrapped = new Map<string, unknown>();
    const time = (op: string, original: (...args: unknown[]) => Promise<unknown>) => {
      return async (...args: unknown[]) => {
        const started = this.now();
        try {
          const result = await original.apply(store, args);
          this.storage.observe({ operation: op, result: 'ok' }, (this.now() - started) / 1000);
          return result;
        } catch (err) {
          this.storage.observe({ operation: op, result: 'error' }, (this.now() - started) / 1000);
          throw err;
        }
      };
    };
    return new Proxy(store, {
      get: (target, prop, receiver) => {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof prop !== 'string' || typeof value !== 'function') return value;
        if (!wrapped.has(prop))
          wrapped.set(
            prop,
            ops.has(prop)
              ? time(prop, value as (...args: unknown[]) => Promise<unknown>)
              : (value as (...args: unknown[]) => unknown).bind(target),
          );
        return wrapped.get(prop);
      },
    });
  }

  /** The text exposition format, for GET /metrics. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
