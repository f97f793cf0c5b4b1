// kubelet/server owns the kubelet's own HTTP port (--port, 10250): /healthz, the POST /pods source
// (KubeletHttpSource, mounted here), GET /containerLogs/... streamed from the runtime, /exec/... and /attach/...
// as WebSockets speaking the channel.k8s.io protocols, and /portForward/... over SPDY/3.1 (plain or tunnelled
// in a WebSocket). The apiserver proxies `kubectl logs`, `exec`, `attach` and `port-forward` here;
// nothing in it talks to the apiserver. With TLS flags the port is HTTPS and, given a client CA, only the
// apiserver's client certificate (or system:masters) gets past /healthz (./kubelet-auth).
export {
  startKubeletServer,
  type KubeletServer,
  type KubeletServerOptions,
  type ServedKubelet,
} from './kubelet-server';
export { execStatus, CHANNEL, EXEC_PROTOCOLS } from './exec-channels';
export { type KubeletTlsOptions } from './kubelet-listener';
export {
  APISERVER_KUBELET_CLIENT,
  authorizeKubelet,
  createKubeletAuth,
  kubeletAttributes,
  type KubeletAttributes,
  type KubeletAuth,
  type KubeletUser,
} from './kubelet-auth';
