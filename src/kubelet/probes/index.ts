// kubelet/probes owns container health checking: running one liveness or readiness probe (exec, httpGet,
// tcpSocket) with the kubelet's semantics and message wording (probe.ts and the HTTP/TCP adapters), the worker
// per (pod, container, kind) that applies initialDelaySeconds, periodSeconds and the success/failure thresholds
// (worker.ts), and the ProbeManager the kubelet drives with container lifecycle updates and asks for readiness.
// It decides nothing about restarts or pod status itself: it calls back (liveness failure, readiness change,
// Unhealthy message) and the kubelet acts. Time comes from an injected Clock; I/O from injected ProbeDeps.
export { runProbe, type ProbeDeps, type ProbeTarget } from './probe';
export { unhealthyMessage, probeTiming, type Probe, type ProbeKind, type ProbeOutcome } from './probe-types';
export { ProbeWorker, type ProbeWorkerOptions, type ContainerState } from './worker';
export {
  ProbeManager,
  type ProbeManagerOptions,
  type LivenessFailureListener,
  type ReadinessListener,
  type UnhealthyListener,
} from './manager';
export { runtimeProbeDeps } from './runtime-deps';
export { httpGet, MAX_BODY_BYTES, type HttpProbeResponse } from './http-get';
export { buildHttpProbeRequest, type HttpProbeRequest } from './http-request';
export { tcpConnect } from './tcp-connect';
export { resolveContainerPort } from './port';
