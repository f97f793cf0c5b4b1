// The apiserver's HTTP proxy to pods and services: /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH and
// /services/NAME[:PORT]/proxy/PATH (what `kubectl proxy` users and `kubectl cluster-info`'s links reach). A
// pod is reached at its pod IP, on the port given by number or by container-port name (default: its first
// container port, else 80); a service at one of its ready endpoints, on the endpoint port whose name matches
// the service port asked for (default: the only port), taken in turn. Plain HTTP only. The path, query, method, body and
// headers (less the caller's credentials and hop-by-hop headers) go through as sent, the answer comes back as
// the pod gave it; an unreachable target is a 503 Status worded like Kubernetes'.
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { errors } from '../api/errors';
import type { Endpoints, Pod, Service } from '../api/types';
import type { Call } from './call';
import type { ProxyRoute } from './route';

/** Headers that belong to one hop, and the caller's credentials, which are for us, not for the pod. */
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'authorization',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !DROPPED.has(k)) out[k] = v;
  return out;
}

/** NAME[:PORT] or SCHEME:NAME:PORT → name and port ("" when absent); 400 for a scheme other than http. */
export function splitProxyName(raw: string): { name: string; port: string } {
  const parts = raw.split(':');
  if (parts.length === 3) {
    if (parts[0] !== 'http' && parts[0] !== '')
      throw errors.badRequest(
        `k8ts proxies plain HTTP only, not ${parts[0]}: ask for ${parts[1]}:${parts[2]}`,
      );
    parts.shift();
  }
  if (parts.length > 2 || !parts[0]) throw errors.badRequest(`invalid proxy name ${JSON.stringify(raw)}`);
  return { name: parts[0], port: parts[1] ?? '' };
}

async function podAddress(call: Call, namespace: string, name: string, port: string) {
  const pod = (await call.registry.resource('pods')!.get({ namespace }, name)) as Pod;
  const ip = pod.status?.podIP;
  if (!ip) throw errors.unavailable(`pod ${name} has no IP address yet`);
  const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  if (/^\d+$/.test(port)) return { ip, port: Number(port) };
  if (port) {
    const named = ports.find((p) => p.name === port);
    if (!named) throw errors.badRequest(`pod ${name} has no container port named "${port}"`);
    return { ip, port: named.containerPort };
  }
  return { ip, port: ports[0]?.containerPort ?? 80 };
}

/** Requests to a service take its endpoints in turn, as its proxies do. */
let nextTurn = 0;

async function serviceAddress(call: Call, namespace: string, name: string, port: string) {
  const svc = (await call.registry.resource('services')!.get({ namespace }, name)) as Service;
  const ports = svc.spec?.ports ?? [];
  const wanted = port
    ? ports.find((p) => p.name === port || String(p.port) === port)
    : ports.length === 1
      ? ports[0]
      : undefined;
  if (!wanted)
    throw errors.badRequest(
      port
        ? `no service port ${JSON.stringify(port)} found for service "${name}"`
        : `service "${name}" has ${ports.length} ports: name one (${name}:PORT)`,
    );
  const ep = (await call.registry
    .resource('endpoints')!
    .get({ namespace }, name)
    .catch(() => undefined)) as Endpoints | undefined;
  const candidates = (ep?.subsets ?? []).flatMap((s) => {
    const p = (s.ports ?? []).find((x) => (x.name ?? '') === (wanted.name ?? ''));
    return p ? (s.addresses ?? []).map((a) => ({ ip: a.ip, port: p.port })) : [];
  });
  if (!candidates.length) throw errors.unavailable(`no endpoints available for service "${name}"`);
  return candidates[nextTurn++ % candidates.length]!;
}

/** Proxies the call to the pod or service `target` names; answers with a Status if it cannot. */
export async function proxyHttp(call: Call, target: ProxyRoute): Promise<void> {
  const { name, port } = splitProxyName(target.name);
  const to =
    target.resource === 'pods'
      ? await podAddress(call, target.namespace, name, port)
      : await serviceAddress(call, target.namespace, name, port);
  const raw = call.req.url ?? '';
  const qi = raw.indexOf('?');
  const path = `${target.path || '/'}${qi < 0 ? '' : raw.slice(qi)}`;
  const host = `${to.ip}:${to.port}`;
  await new Promise<void>((resolve) => {
    const out = request(
      {
        host: to.ip,
        port: to.port,
        method: call.req.method,
        path,
        agent: false,
        // Until the pod answers: a streamed answer (a log, a long poll) may then be quiet for as long as it likes.
        timeout: 30_000,
        headers: { ...forwardable(call.req.headers), host },
      },
      (answer) => {
        out.setTimeout(0);
        call.res.writeHead(answer.statusCode ?? 502, forwardable(answer.headers));
        answer.pipe(call.res);
        answer.once('end', resolve);
        answer.once('error', () => (call.res.destroy(), resolve()));
      },
    );
    out.on('timeout', () => out.destroy(new Error('i/o timeout')));
    // The caller went away: so does our side of the exchange.
    call.res.once('close', () => out.destroy());
    out.once('close', resolve);
    out.once('error', (e: NodeJS.ErrnoException) => {
      if (!call.res.headersSent) {
        const why = e.code === 'ECONNREFUSED' ? 'connect: connection refused' : e.message;
        const status = errors
          .unavailable(`error trying to reach service: dial tcp ${host}: ${why}`)
          .toStatus();
        call.res.writeHead(503, { 'Content-Type': 'application/json' });
        call.res.end(JSON.stringify(status));
      } else call.res.destroy();
      resolve();
    });
    call.req.pipe(out);
  });
}
