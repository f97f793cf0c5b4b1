import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../util';
import type { ExecResult } from '../runtime/runtime';
import { runProbe, type ProbeDeps, type ProbeTarget } from './probe';
import type { HttpProbeRequest } from './http-request';
import { unhealthyMessage } from './probe-types';
import { flush } from './testing';

const target: ProbeTarget = {
  podIp: '10.244.0.5',
  uid: 'uid-1',
  container: 'web',
  ports: [{ name: 'http', containerPort: 8080 }],
};

const never = <T>() => new Promise<T>(() => {});
const noExec = () => Promise.reject(new Error('exec not expected'));

function execDeps(result: ExecResult, calls: unknown[][] = []): ProbeDeps {
  return { exec: (...args) => (calls.push(args), Promise.resolve(result)) };
}

describe('runProbe: exec', () => {
  it('succeeds on exit code 0, running the command in the target container', async () => {
    const calls: unknown[][] = [];
    const deps = execDeps({ stdout: 'ok\n', stderr: '', exitCode: 0 }, calls);
    const outcome = await runProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, target, deps);
    expect(outcome).toEqual({ result: 'success', message: 'ok\n' });
    expect(calls).toEqual([['uid-1', 'web', ['cat', '/tmp/healthy'], 1000]]);
  });

  it('fails on a non-zero exit with the command output as the message', async () => {
    const deps = execDeps({
      stdout: '',
      stderr: 'cat: /tmp/healthy: No such file or directory\n',
      exitCode: 1,
    });
    const outcome = await runProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, target, deps);
    expect(outcome).toEqual({ result: 'failure', message: 'cat: /tmp/healthy: No such file or directory\n' });
    expect(unhealthyMessage('liveness', outcome)).toBe(
      'Liveness probe failed: cat: /tmp/healthy: No such file or directory\n',
    );
  });

  it('says how the command ended when it printed nothing', async () => {
    const deps = execDeps({ stdout: '', stderr: '', exitCode: 2 });
    const outcome = await runProbe({ exec: { command: ['sh', '-c', 'exit 2'] } }, target, deps);
    expect(outcome.message).toBe('command "sh -c exit 2" exited with 2');
  });

  it('fails after timeoutSeconds on the clock when the exec never returns', async () => {
    const clock = new FakeClock();
    let settled = false;
    const p = runProbe({ exec: { command: ['sleep', '60'] }, timeoutSeconds: 2 }, target, {
      clock,
      exec: never,
    });
    void p.then(() => (settled = true));
    clock.step(1999);
    await flush();
    expect(settled).toBe(false);
    clock.step(1);
    expect(await p).toEqual({ result: 'failure', message: 'command "sleep 60" timed out' });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('errors when the exec cannot run at all', async () => {
    const deps: ProbeDeps = {
      exec: () => Promise.reject(new Error('container "web" in pod uid-1 not found')),
    };
    const outcome = await runProbe({ exec: { command: ['true'] } }, target, deps);
    expect(outcome).toEqual({
      result: 'failure',
      message: 'container "web" in pod uid-1 not found',
      errored: true,
    });
    expect(unhealthyMessage('readiness', outcome)).toBe(
      'Readiness probe errored: container "web" in pod uid-1 not found',
    );
  });
});

describe('runProbe: httpGet', () => {
  function httpDeps(statusCode: number, seen: HttpProbeRequest[] = []): ProbeDeps {
    return {
      exec: noExec,
      httpGet: (req) => (seen.push(req), Promise.resolve({ statusCode, body: 'body' })),
    };
  }

  it.each([200, 204, 301, 399])('succeeds on status %d', async (status) => {
    const outcome = await runProbe({ httpGet: { port: 8080, path: '/healthz' } }, target, httpDeps(status));
    expect(outcome.result).toBe('success');
  });

  it.each([199, 400, 404, 500, 503])('fails on status %d with the kubelet wording', async (status) => {
    const outcome = await runProbe({ httpGet: { port: 8080 } }, target, httpDeps(status));
    expect(outcome).toEqual({ result: 'failure', message: `HTTP probe failed with statuscode: ${status}` });
  });

  it('sends a GET to the pod IP on the named container port, with the probe headers', async () => {
    const seen: HttpProbeRequest[] = [];
    const probe = {
      httpGet: { port: 'http', path: 'healthz?full=1', httpHeaders: [{ name: 'X-Probe', value: 'yes' }] },
    };
    await runProbe(probe, target, httpDeps(200, seen));
    expect(seen).toEqual([
      {
        host: '10.244.0.5',
        port: 8080,
        path: '/healthz?full=1',
        url: 'http://10.244.0.5:8080/healthz?full=1',
        headers: { 'X-Probe': ['yes'], 'User-Agent': ['kube-probe/1.32'], Accept: ['*/*'] },
      },
    ]);
  });

  it('uses the probe host when set, keeps a given User-Agent and drops an empty Accept', async () => {
    const seen: HttpProbeRequest[] = [];
    const httpHeaders = [
      { name: 'user-agent', value: 'mine' },
      { name: 'accept', value: '' },
    ];
    await runProbe({ httpGet: { host: '127.0.0.1', port: 9000, httpHeaders } }, target, httpDeps(200, seen));
    expect(seen[0]).toMatchObject({ host: '127.0.0.1', path: '/', headers: { 'user-agent': ['mine'] } });
    expect(Object.keys(seen[0]!.headers)).toEqual(['user-agent']);
  });

  it('errors on a port name the container does not declare, without sending anything', async () => {
    const seen: HttpProbeRequest[] = [];
    const outcome = await runProbe({ httpGet: { port: 'metrics' } }, target, httpDeps(200, seen));
    expect(outcome).toEqual({ result: 'failure', message: 'port metrics not found', errored: true });
    expect(seen).toEqual([]);
  });

  it('refuses HTTPS, which k8ts does not probe', async () => {
    const outcome = await runProbe({ httpGet: { port: 8443, scheme: 'HTTPS' } }, target, httpDeps(200));
    expect(outcome).toMatchObject({ result: 'failure', errored: true });
    expect(outcome.message).toContain('use HTTP');
  });

  it('reports a connection error as the dependency words it', async () => {
    const message = 'Get "http://10.244.0.5:8080/": dial tcp 10.244.0.5:8080: connect: connection refused';
    const deps: ProbeDeps = { exec: noExec, httpGet: () => Promise.reject(new Error(message)) };
    expect(await runProbe({ httpGet: { port: 8080 } }, target, deps)).toEqual({ result: 'failure', message });
  });

  it('fails after timeoutSeconds (default 1) and aborts the request', async () => {
    const clock = new FakeClock();
    let signal: AbortSignal | undefined;
    const deps: ProbeDeps = { exec: noExec, clock, httpGet: (_req, s) => ((signal = s), never()) };
    const p = runProbe({ httpGet: { port: 8080, path: '/slow' } }, target, deps);
    await flush();
    expect(signal?.aborted).toBe(false);
    clock.step(1000);
    expect(await p).toEqual({
      result: 'failure',
      message:
        'Get "http://10.244.0.5:8080/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    });
    expect(signal?.aborted).toBe(true);
  });
});

describe('runProbe: tcpSocket', () => {
  it('connects to the pod IP on the resolved port', async () => {
    const seen: [string, number][] = [];
    const deps: ProbeDeps = { exec: noExec, tcpConnect: (h, p) => (seen.push([h, p]), Promise.resolve()) };
    expect(await runProbe({ tcpSocket: { port: 'http' } }, target, deps)).toEqual({
      result: 'success',
      message: '',
    });
    expect(seen).toEqual([['10.244.0.5', 8080]]);
  });

  it('fails with the dial error', async () => {
    const message = 'dial tcp 10.244.0.5:8080: connect: connection refused';
    const deps: ProbeDeps = { exec: noExec, tcpConnect: () => Promise.reject(new Error(message)) };
    const outcome = await runProbe({ tcpSocket: { port: 8080 } }, target, deps);
    expect(unhealthyMessage('readiness', outcome)).toBe(
      'Readiness probe failed: dial tcp 10.244.0.5:8080: connect: connection refused',
    );
  });

  it('fails with an i/o timeout when the connect outlives timeoutSeconds', async () => {
    const clock = new FakeClock();
    const deps: ProbeDeps = { exec: noExec, clock, tcpConnect: never };
    const p = runProbe({ tcpSocket: { port: 8080 }, timeoutSeconds: 3 }, target, deps);
    clock.step(3000);
    expect(await p).toEqual({ result: 'failure', message: 'dial tcp 10.244.0.5:8080: i/o timeout' });
  });
});

describe('runProbe: no handler', () => {
  it('errors on a probe without exec, httpGet or tcpSocket, and on gRPC', async () => {
    const deps: ProbeDeps = { exec: noExec };
    expect(await runProbe({}, target, deps)).toMatchObject({ result: 'failure', errored: true });
    expect(await runProbe({ grpc: { port: 9000 } }, target, deps)).toEqual({
      result: 'failure',
      message: 'grpc probes are not supported by k8ts',
      errored: true,
    });
  });
});
