// Who may use the kubelet's port, as Kubernetes' kubelet decides it (pkg/kubelet/server/auth.go): the user is the
// CN (groups the O's) of an x509 client certificate that the TLS layer verified against --client-ca-file; no
// certificate is the anonymous user when --anonymous-auth allows it, else 401; a certificate that did not verify is
// always 401. Each request is then the node-proxy attributes of its method and path (`GET /containerLogs/...` →
// verb=get, resource=nodes, subresource=log) and only the apiserver's user (or system:masters) is allowed: there is
// no webhook to ask, so this fixed policy is the kubelet's whole authorizer. /healthz stays open for probes.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { StatusError } from '../../api/errors';

export interface KubeletUser {
  name: string;
  groups: string[];
}

export interface KubeletAttributes {
  verb: string;
  resource: 'nodes';
  subresource: string;
}

/** The CN the apiserver's --kubelet-client-certificate carries (kubeadm's name for it). */
export const APISERVER_KUBELET_CLIENT = 'kube-apiserver-kubelet-client';
export const MASTERS_GROUP = 'system:masters';
export const ANONYMOUS_USER: KubeletUser = { name: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Paths served to anyone, so that health checks need no certificate. */
const OPEN_PATHS = new Set(['/healthz']);

const VERBS: Record<string, string> = {
  GET: 'get',
  HEAD: 'get',
  POST: 'create',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};

/** Subresources Kubernetes names by path prefix; everything else (exec, portForward, pods, ...) is `proxy`. */
const SUBRESOURCES: [prefix: string, subresource: string][] = [
  ['/stats', 'stats'],
  ['/metrics', 'metrics'],
  ['/logs', 'log'],
  ['/spec', 'spec'],
];

const isSubpath = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The node attributes a request on the kubelet's port is authorized as. */
export function kubeletAttributes(method: string | undefined, path: string): KubeletAttributes {
  const sub = SUBRESOURCES.find(([prefix]) => isSubpath(path, prefix));
  return { verb: VERBS[method ?? 'GET'] ?? '', resource: 'nodes', subresource: sub ? sub[1] : 'proxy' };
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

/** The kubelet's refusal, worded as Kubernetes' kubelet words it. */
export function kubeletForbidden(user: KubeletUser, a: KubeletAttributes): StatusError {
  return new StatusError(
    403,
    'Forbidden',
    `Forbidden (user=${user.name}, verb=${a.verb}, resource=${a.resource}, subresource=${a.subresource})`,
  );
}

/** undefined when allowed: the apiserver's user and system:masters may do everything, nobody else anything. */
export function authorizeKubelet(user: KubeletUser, a: KubeletAttributes): StatusError | undefined {
  if (user.name === APISERVER_KUBELET_CLIENT || user.groups.includes(MASTERS_GROUP)) return undefined;
  return kubeletForbidden(user, a);
}

/** The request's user from its verified client certificate; a 401 StatusError when there is none to accept. */
export function authenticateKubelet(req: IncomingMessage, anonymousAuth: boolean): KubeletUser | StatusError {
  const socket = req.socket as TLSSocket;
  const cert = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
  if (!cert?.subject) return anonymousAuth ? ANONYMOUS_USER : unauthorized();
  const cn = cert.subject.CN as string | string[] | undefined;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (!socket.authorized || !name) return unauthorized();
  const o = cert.subject.O as string | string[] | undefined;
  return { name, groups: [...(o === undefined ? [] : Array.isArray(o) ? o : [o]), 'system:authenticated'] };
}

export interface KubeletAuth {
  /** undefined when the request may go on, else the 401 or 403 to answer with. */
  admit(req: IncomingMessage): StatusError | undefined;
}

export function createKubeletAuth(options: { anonymousAuth?: boolean } = {}): KubeletAuth {
  const anonymousAuth = options.anonymousAuth ?? false;
  return {
    admit(req) {
      const path = new URL(req.url ?? '/', 'https://kubelet').pathname;
      if (OPEN_PATHS.has(path)) return undefined;
      const user = authenticateKubelet(req, anonymousAuth);
      if (user instanceof StatusError) return user;
      return authorizeKubelet(user, kubeletAttributes(req.method, path));
    },
  };
}
