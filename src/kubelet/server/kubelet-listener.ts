// The kubelet port's listener: plain HTTP when no serving certificate is given (standalone nodes and tests, as
// before), HTTPS with --tls-cert-file/--tls-private-key-file. With a client CA every request but /healthz must be
// authenticated and authorized (./kubelet-auth); the handshake asks for a certificate but does not insist, so that
// a missing or foreign one is an HTTP 401 the caller can read rather than a reset connection.
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createKubeletAuth, type KubeletAuth } from './kubelet-auth';

export interface KubeletTlsOptions {
  /** PEM serving certificate; its SANs must include the node address the apiserver dials. */
  cert: string | Buffer;
  /** PEM private key of `cert`. */
  key: string | Buffer;
  /** PEM CA bundle for client certificates (--client-ca-file); turns on authentication and authorization. */
  clientCa?: string | Buffer;
  /** Requests without a certificate are system:anonymous (then refused by the authorizer) instead of 401. */
  anonymousAuth?: boolean;
}

export interface KubeletListener {
  server: Server | HttpsServer;
  /** Present when a client CA is given; without one TLS only encrypts (Kubernetes' AlwaysAllow default). */
  auth?: KubeletAuth;
}

export function createKubeletListener(
  tls: KubeletTlsOptions | undefined,
  onRequest: RequestListener,
): KubeletListener {
  if (!tls) return { server: createHttpServer(onRequest) };
  const clientCa = tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false } : {};
  const server = createHttpsServer({ cert: tls.cert, key: tls.key, ...clientCa }, onRequest);
  return {
    server,
    auth: tls.clientCa ? createKubeletAuth({ anonymousAuth: tls.anonymousAuth }) : undefined,
  };
}
