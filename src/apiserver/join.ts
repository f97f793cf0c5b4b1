// The two k8ts paths behind `k8ts join` (kubeadm's cluster-info ConfigMap and CSR flow, made small):
//   GET  /k8ts/v1/cluster-info      anyone: the server's address, the cluster CA (PEM) and the service range;
//                                   the joiner trusts it only once the CA matches its --ca-cert-hash.
//   POST /k8ts/v1/node-credentials  a bootstrap token (./auth/bootstrap): node name, address and two CSRs in,
//                                   201 with the node's client and serving certificates out (./join-signer).
// A name held by a Ready node is refused (409): a second kubelet would fight the first over its Node.
// The auth gate has already decided who may call which (401 without or with a wrong token).
import type { Node } from 'kubernetes-types/core/v1';
import { errors, isNotFound, StatusError } from '../api/errors';
import { CLUSTER_INFO_PATH, NODE_CREDENTIALS_PATH } from './auth';
import { readObject, type Call } from './call';
import {
  parseNodeCredentialsRequest,
  reservedNames,
  signNodeCredentials,
  type SigningCa,
} from './join-signer';
import { sendJson } from './respond';

export interface JoinEndpointOptions {
  ca: SigningCa;
  /** The apiserver's serving certificate (PEM): its SANs are never signed for a node. */
  servingCertPem?: string;
  serviceClusterIpRange?: string;
}

/** What GET cluster-info answers. */
export interface ClusterInfo {
  kind: 'ClusterInfo';
  apiVersion: 'k8ts/v1';
  /** https://<address the request came in on>:<port>. */
  server: string;
  caCert: string;
  serviceClusterIpRange?: string;
}

/** Serves a path under /k8ts/v1/; false when the path is none of these (the caller answers 404). */
export type JoinEndpoints = (call: Call, path: string) => Promise<boolean>;

async function nodeIsReady(call: Call, name: string): Promise<boolean> {
  const nodes = call.registry.resource('nodes');
  if (!nodes) return false;
  try {
    const node = (await nodes.get({}, name)) as Node;
    return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

export function createJoinEndpoints(o: JoinEndpointOptions): JoinEndpoints {
  const reserved = reservedNames(o.servingCertPem);
  return async (call, path) => {
    const method = call.req.method ?? 'GET';
    if (path === CLUSTER_INFO_PATH) {
      if (method !== 'GET' && method !== 'HEAD')
        throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
      const address = call.req.socket.localAddress ?? '127.0.0.1';
      const info: ClusterInfo = {
        kind: 'ClusterInfo',
        apiVersion: 'k8ts/v1',
        server: `https://${address.replace(/^::ffff:/, '')}:${call.req.socket.localPort ?? 443}`,
        caCert: o.ca.certPem,
        ...(o.serviceClusterIpRange ? { serviceClusterIpRange: o.serviceClusterIpRange } : {}),
      };
      sendJson(call.res, 200, info);
      return true;
    }
    if (path !== NODE_CREDENTIALS_PATH) return false;
    if (method !== 'POST') throw errors.methodNotAllowed(`${method} is not allowed on ${path}`);
    const request = parseNodeCredentialsRequest(await readObject(call));
    if (await nodeIsReady(call, request.nodeName))
      throw new StatusError(
        409,
        'AlreadyExists',
        `nodes "${request.nodeName}" already exists and is Ready: join with another --node-name, or stop that node's kubelet first`,
        { name: request.nodeName, kind: 'nodes' },
      );
    const credentials = signNodeCredentials(o.ca, request, reserved, call.clock.now());
    call.log.info({ node: request.nodeName, ip: request.nodeIP }, 'issued node credentials');
    sendJson(call.res, 201, { kind: 'NodeCredentials', apiVersion: 'k8ts/v1', ...credentials });
    return true;
  };
}
