// How the apiserver dials kubelets for pods/log, exec and portforward: plain HTTP by default, HTTPS when any of
// --kubelet-client-certificate/--kubelet-client-key/--kubelet-certificate-authority is given — presenting that
// client certificate, and verifying the kubelet's serving certificate (whose SANs must hold the node's IP)
// against that CA. As in Kubernetes, HTTPS without the CA does not verify the kubelet.
// The transport is bound to the server's Registry, which every proxy path already holds; passing it through
// ApiHandlerDeps/Call instead would be cleaner, but those files belong to the handler.
import { readFileSync } from 'node:fs';
import { request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Registry } from '../registry/rest';

export interface KubeletClientFiles {
  /** PEM client certificate the kubelet authenticates (CN kube-apiserver-kubelet-client). */
  certFile?: string;
  keyFile?: string;
  /** PEM CA that signed the kubelets' serving certificates. */
  caFile?: string;
}

export interface KubeletTransport {
  scheme: 'http' | 'https';
  request(url: URL, options: RequestOptions): ClientRequest;
}

export const PLAIN_KUBELET_TRANSPORT: KubeletTransport = {
  scheme: 'http',
  request: (url, options) => httpRequest(url, options),
};

/** Reads the files now, so that a bad path fails start-up rather than the first `kubectl logs`. */
export function kubeletTransport(files: KubeletClientFiles): KubeletTransport {
  if (!files.certFile && !files.keyFile && !files.caFile) return PLAIN_KUBELET_TRANSPORT;
  if (!files.certFile !== !files.keyFile)
    throw new Error('--kubelet-client-certificate and --kubelet-client-key must be given together');
  const tls = {
    cert: files.certFile ? readFileSync(files.certFile) : undefined,
    key: files.keyFile ? readFileSync(files.keyFile) : undefined,
    ca: files.caFile ? readFileSync(files.caFile) : undefined,
    rejectUnauthorized: Boolean(files.caFile),
  };
  // No agent: proxied streams and upgrades are long-lived and each gets its own connection.
  return {
    scheme: 'https',
    request: (url, options) => httpsRequest(url, { ...options, ...tls, agent: false }),
  };
}

/** OpenSSL's codes for a chain that does not lead to a trusted CA. */
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** Why a kubelet could not be reached, saying what to fix when it is its certificate. */
export function kubeletDialError(e: NodeJS.ErrnoException): string {
  if (e.code && UNKNOWN_AUTHORITY.has(e.code))
    return `x509: certificate signed by unknown authority (${e.message}): the kubelet's serving certificate must be signed by --kubelet-certificate-authority`;
  return e.message;
}

const transports = new WeakMap<Registry, KubeletTransport>();

/** Makes every kubelet request of the server built on `registry` go through `transport`. */
export function useKubeletTransport(registry: Registry, transport: KubeletTransport): void {
  transports.set(registry, transport);
}

export function kubeletTransportOf(registry: Registry): KubeletTransport {
  return transports.get(registry) ?? PLAIN_KUBELET_TRANSPORT;
}
