// runProbe: run one probe once against one container, with Kubernetes' semantics and wording. The deadline
// (timeoutSeconds, default 1) is kept here on the injected clock, so a dependency that never answers is a failure
// after exactly that long; I/O dependencies are handed an AbortSignal that fires at the deadline.
import type { ContainerPort } from '../../api/types';
import { realClock, type Clock } from '../../util';
import type { ExecResult } from '../runtime/runtime';
import { dialTimeoutMessage } from './dial-error';
import { httpGet as nodeHttpGet, MAX_BODY_BYTES, type HttpProbeResponse } from './http-get';
import { buildHttpProbeRequest, type HttpProbeRequest } from './http-request';
import { resolveContainerPort } from './port';
import { probeTiming, type Probe, type ProbeOutcome } from './probe-types';
import { tcpConnect as nodeTcpConnect } from './tcp-connect';

export interface ProbeTarget {
  podIp: string;
  uid: string;
  /** The container's name. */
  container: string;
  /** The container's declared ports, for probes that name their port. */
  ports?: readonly ContainerPort[];
}

export interface ProbeDeps {
  /** Runs cmd in the container (Runtime.exec). May throw (e.g. NotFound): the probe then errors. */
  exec(uid: string, container: string, cmd: readonly string[], timeoutMs: number): Promise<ExecResult>;
  /** Default: a real GET over node:http. Rejects with the message the probe reports. */
  httpGet?(request: HttpProbeRequest, signal: AbortSignal): Promise<HttpProbeResponse>;
  /** Default: a real connect over node:net. Rejects with the message the probe reports. */
  tcpConnect?(host: string, port: number, signal: AbortSignal): Promise<void>;
  /** Keeps the deadline. Default: the real clock. */
  clock?: Clock;
}

export async function runProbe(probe: Probe, target: ProbeTarget, deps: ProbeDeps): Promise<ProbeOutcome> {
  const clock = deps.clock ?? realClock;
  const { timeoutMs } = probeTiming(probe);
  if (probe.exec) return execProbe(probe.exec.command ?? [], target, deps, clock, timeoutMs);
  if (probe.httpGet) {
    const request = buildHttpProbeRequest(probe.httpGet, target.podIp, target.ports);
    if ('error' in request) return { result: 'failure', message: request.error, errored: true };
    return httpProbe(request, deps.httpGet ?? nodeHttpGet, clock, timeoutMs);
  }
  if (probe.tcpSocket) {
    const resolved = resolveContainerPort(probe.tcpSocket.port, target.ports);
    if ('error' in resolved) return { result: 'failure', message: resolved.error, errored: true };
    const host = probe.tcpSocket.host || target.podIp;
    return tcpProbe(host, resolved.port, deps.tcpConnect ?? nodeTcpConnect, clock, timeoutMs);
  }
  const what = probe.grpc
    ? 'grpc probes are not supported by k8ts'
    : 'probe has no exec, httpGet or tcpSocket';
  return { result: 'failure', message: what, errored: true };
}

async function execProbe(
  cmd: readonly string[],
  target: ProbeTarget,
  deps: ProbeDeps,
  clock: Clock,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  let ran: ExecResult | typeof TIMED_OUT;
  try {
    ran = await withDeadline(clock, timeoutMs, () => deps.exec(target.uid, target.container, cmd, timeoutMs));
  } catch (err) {
    return { result: 'failure', message: errorText(err), errored: true };
  }
  // Upstream's CRI wording for an exec that outlives timeoutSeconds; it counts as a failure.
  if (ran === TIMED_OUT) return { result: 'failure', message: `command ${goQuote(cmd.join(' '))} timed out` };
  const output = (ran.stdout + ran.stderr).slice(0, MAX_BODY_BYTES);
  if (ran.exitCode === 0) return { result: 'success', message: output };
  // The kubelet reports the command's output; when there is none, say how it ended rather than nothing.
  const message = output || `command ${goQuote(cmd.join(' '))} exited with ${ran.exitCode}`;
  return { result: 'failure', message };
}

async function httpProbe(
  request: HttpProbeRequest,
  get: NonNullable<ProbeDeps['httpGet']>,
  clock: Clock,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  try {
    const res = await withDeadline(clock, timeoutMs, (signal) => get(request, signal));
    if (res === TIMED_OUT) {
      const message = `Get ${goQuote(request.url)}: context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
      return { result: 'failure', message };
    }
    // 3xx counts: redirects are not followed, as a 2014 kubelet did not.
    if (res.statusCode >= 200 && res.statusCode < 400) return { result: 'success', message: res.body };
    return { result: 'failure', message: `HTTP probe failed with statuscode: ${res.statusCode}` };
  } catch (err) {
    return { result: 'failure', message: errorText(err) };
  }
}

async function tcpProbe(
  host: string,
  port: number,
  connect: NonNullable<ProbeDeps['tcpConnect']>,
  clock: Clock,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  try {
    const res = await withDeadline(clock, timeoutMs, (signal) => connect(host, port, signal));
    if (res === TIMED_OUT) return { result: 'failure', message: dialTimeoutMessage(host, port) };
    return { result: 'success', message: '' };
  } catch (err) {
    return { result: 'failure', message: errorText(err) };
  }
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/** Runs work, or gives up with TIMED_OUT when the clock passes ms first (and aborts work's signal). */
function withDeadline<T>(
  clock: Clock,
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | typeof TIMED_OUT> {
  const abort = new AbortController();
  return new Promise((resolve, reject) => {
    const cancel = clock.setTimeout(() => {
      abort.abort();
      resolve(TIMED_OUT);
    }, ms);
    const settle =
      <V>(fn: (v: V) => void) =>
      (v: V) => (cancel(), fn(v));
    Promise.resolve()
      .then(() => work(abort.signal))
      .then(settle(resolve), settle(reject));
  });
}

/** Go's %q for the plain strings we quote. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
