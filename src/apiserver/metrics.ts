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

type Labels = Record<string, string>;

const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);
type StoreOperation = 'get' | 'list' | 'create' | 'update' | 'delete' | 'currentRevision' | 'compact';

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

  /** Label sets seen so far, by verb, resource (and subresource and code): a few dozen in practice. */
  private readonly labelSets = new Map<string, Labels>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /**
   * Call when a request arrives; records it when its response closes ('close' follows 'finish' on every
   * response, and comes alone when the connection drops). Label objects are made once per label set: this
   * runs on every request, and the hot path of a pod create is only about a millisecond.
   */
  observe(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const info = requestInfo(req.method ?? 'GET', url);
    const started = this.now();
    const long = longRunning(info, url);
    const short = this.labelsOf(info.verb, info.resource);
    if (long) this.longRunning.inc(short);
    res.on('close', () => {
      this.requests.inc(this.labelsOf(info.verb, info.resource, info.subresource, res.statusCode));
      if (long) this.longRunning.dec(short);
      else this.latency.observe(short, (this.now() - started) / 1000);
    });
  }

  /** {verb, resource} or, with a code, {verb, resource, subresource, code}: one shared object per label set. */
  private labelsOf(verb: string, resource: string): Labels;
  private labelsOf(verb: string, resource: string, subresource: string, code: number): Labels;
  private labelsOf(verb: string, resource: string, subresource?: string, code?: number): Labels {
    const key =
      subresource === undefined ? `${verb} ${resource}` : `${verb} ${resource} ${subresource} ${code}`;
    let labels = this.labelSets.get(key);
    if (!labels) {
      labels =
        subresource === undefined ? { verb, resource } : { verb, resource, subresource, code: String(code) };
      this.labelSets.set(key, labels);
    }
    return labels;
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
    // A plain object rather than a Proxy: no trap and no rest-argument wrapper on every store call.
    const timed = <T>(operation: StoreOperation, call: () => Promise<T>): Promise<T> => {
      const started = this.now();
      const observe = (result: string) =>
        this.storage.observe({ operation, result }, (this.now() - started) / 1000);
      return call().then(
        (value) => {
          observe('ok');
          return value;
        },
        (err: unknown) => {
          observe('error');
          throw err;
        },
      );
    };
    return {
      get: (key) => timed('get', () => store.get(key)),
      list: (prefix, options) => timed('list', () => store.list(prefix, options)),
      create: (key, value) => timed('create', () => store.create(key, value)),
      update: (key, value, expected) => timed('update', () => store.update(key, value, expected)),
      delete: (key, expected) => timed('delete', () => store.delete(key, expected)),
      watch: (prefix, after, onEvent, onError) => store.watch(prefix, after, onEvent, onError),
      currentRevision: () => timed('currentRevision', () => store.currentRevision()),
      compact: (revision) => timed('compact', () => store.compact(revision)),
      close: () => store.close(),
    };
  }

  /** The text exposition format, for GET /metrics. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
