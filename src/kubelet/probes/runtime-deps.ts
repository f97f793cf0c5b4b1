// Wires runProbe to a real node: exec through the container Runtime, httpGet and tcpSocket over real sockets.
import type { Runtime } from '../runtime/runtime';
import { httpGet } from './http-get';
import type { ProbeDeps } from './probe';
import { tcpConnect } from './tcp-connect';

/**
 * The Runtime's exec takes no deadline, so an exec probe that hangs is reported failed after timeoutSeconds
 * while the command itself runs on in the container until it ends.
 */
export function runtimeProbeDeps(runtime: Pick<Runtime, 'exec'>): ProbeDeps {
  return {
    exec: (uid, container, cmd) => runtime.exec(uid, container, cmd),
    httpGet,
    tcpConnect,
  };
}
