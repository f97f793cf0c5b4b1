// Pod subresources that are served by the pod's kubelet. The apiserver finds the pod, its container and its
// node, and the kubelet's address from the Node (InternalIP + daemonEndpoints.kubeletEndpoint.Port), then
// proxies: `log` as a streamed HTTP response here; `exec` and `attach` (WebSocket) and `portforward` (WebSocket
// tunnelling SPDY, or a plain SPDY/3.1 upgrade) as upgrades in ./upgrade, where the bytes are piped and never
// parsed. portforward needs a Running pod and no container. Every hop to a kubelet goes through the server's
// ./kubelet-transport (HTTPS with a client certificate when configured).
import { errors, type StatusError } from '../api/errors';
import type { Node, Pod } from '../api/types';
import type { Registry } from '../registry/rest';
import type { Call } from './call';
import { kubeletDialError, kubeletTransportOf } from './kubelet-transport';

/** The query parameters passed on to the kubelet, per subresource. */
const FORWARDED: Record<string, readonly string[]> = {
  log: ['follow', 'tailLines', 'previous', 'timestamps', 'sinceSeconds', 'sinceTime', 'limitBytes'],
  exec: ['command', 'stdin', 'stdout', 'stderr', 'tty'],
  attach: ['stdin', 'stdout', 'stderr', 'tty'],
  portforward: ['port'],
};
const KUBELET_PATH: Record<string, string> = {
  log: 'containerLogs',
  exec: 'exec',
  attach: 'attach',
  portforward: 'portForward',
};

/** The pod subresources a kubelet serves. */
export const KUBELET_SUBRESOURCES: ReadonlySet<string> = new Set(Object.keys(KUBELET_PATH));

/** The container a request means: the named one, or the only one; else a 400 worded like Kubernetes. */
export function podContainer(pod: Pod, requested: string | null): string | StatusError {
  const name = pod.metadata?.name ?? '';
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (requested) {
    return names.includes(requested)
      ? requested
      : errors.badRequest(`container ${requested} is not valid for pod ${name}`);
  }
  if (names.length === 1) return names[0]!;
  return errors.badRequest(
    `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`,
  );
}

/** The node's kubelet as host and port, or a Status saying why it cannot be reached. */
export function kubeletEndpoint(node: Node): { host: string; port: number } | StatusError {
  const name = node.metadata?.name ?? '';
  const addresses = node.status?.addresses ?? [];
  const host = (addresses.find((a) => a.type === 'InternalIP') ?? addresses[0])?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!host || !port)
    return errors.unavailable(`node "${name}" does not report its kubelet's address and port yet`);
  return { host, port };
}

/**
 * The kubelet URL serving a pod's log, exec, attach or port-forward
 * (`https://<ip>:<port>/containerLogs/<ns>/<pod>/<c>?…`, `/portForward/<ns>/<pod>`). Throws a StatusError: 404 for
 * a missing pod or node, 400 for a bad container, an unscheduled pod or a port-forward to a pod that is not
 * Running, 503 for a node without a kubelet endpoint.
 */
export async function kubeletUrl(
  registry: Registry,
  namespace: string | undefined,
  name: string,
  sub: string,
  query: URLSearchParams,
): Promise<URL> {
  const pods = registry.resource('pods');
  const nodes = registry.resource('nodes');
  if (!pods || !nodes) throw errors.notFound('pods', name);
  const pod = (await pods.get({ namespace }, name)) as Pod;
  const kubeletPath = KUBELET_PATH[sub];
  if (!kubeletPath) throw errors.badRequest(`${sub} is not served by a kubelet`);
  const target = [namespace ?? 'default', name];
  if (sub === 'portforward') {
    const phase = pod.status?.phase ?? 'Pending';
    if (phase !== 'Running')
      throw errors.badRequest(`unable to forward port because pod is not running. Current status=${phase}`);
  } else {
    const container = podContainer(pod, query.get('container'));
    if (typeof container !== 'string') throw container;
    target.push(container);
  }
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${name} does not have a host assigned`);
  const endpoint = kubeletEndpoint((await nodes.get({}, nodeName)) as Node);
  if (!('host' in endpoint)) throw endpoint;
  const segments = target.map(encodeURIComponent).join('/');
  const scheme = kubeletTransportOf(registry).scheme;
  const url = new URL(`${scheme}://${endpoint.host}:${endpoint.port}/${kubeletPath}/${segments}`);
  for (const key of FORWARDED[sub] ?? [])
    for (const value of query.getAll(key)) url.searchParams.append(key, value);
  return url;
}

/**
 * GET pods/{name}/log: the kubelet's response relayed as it streams (a follow stays open until the kubelet ends
 * it); a client that goes away aborts the kubelet request.
 */
export async function proxyPodLog(call: Call, namespace: string | undefined, name: string): Promise<void> {
  if (call.req.method !== 'GET')
    throw errors.methodNotAllowed(`${call.req.method} is not supported on pods/log`);
  const url = await kubeletUrl(call.registry, namespace, name, 'log', call.query);
  await new Promise<void>((resolve, reject) => {
    const upstream = kubeletTransportOf(call.registry).request(url, { method: 'GET' });
    const untrack = call.track(() => upstream.destroy());
    call.res.on('close', () => {
      untrack();
      upstream.destroy();
    });
    upstream.on('error', (e) => {
      if (call.res.headersSent) call.res.destroy();
      else reject(unreachable(url, e));
      resolve();
    });
    upstream.on('response', (res) => {
      call.res.writeHead(res.statusCode ?? 502, {
        'Content-Type': res.headers['content-type'] ?? 'text/plain',
        'Cache-Control': 'no-cache, private',
      });
      call.res.flushHeaders();
      res.on('error', () => call.res.destroy());
      res.pipe(call.res);
      resolve();
    });
    upstream.end();
  });
}

export function unreachable(url: URL, e: Error): StatusError {
  return errors.unavailable(`error trying to reach the kubelet at ${url.host}: ${kubeletDialError(e)}`);
}

/** For requests that cannot be served as sent (exec or attach without an upgrade); always a Status. */
export async function kubeletSubresourceError(
  registry: Registry,
  namespace: string | undefined,
  name: string,
  sub: string,
  query: URLSearchParams,
): Promise<StatusError> {
  await kubeletUrl(registry, namespace, name, sub, query); // a missing pod or bad container is said first
  return errors.badRequest('Upgrade request required');
}
