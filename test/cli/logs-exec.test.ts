// logs and exec need a kubelet behind the apiserver; here a stand-in apiserver on loopback answers exactly
// what the real one relays (kubectl-wire.md §7): the pod, its log stream, and exec over WebSocket
// v5.channel.k8s.io. The CLI's side — requests, printing, following, exit codes — is what is under test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { runCli, waitForOutput } from './harness';

let server: http.Server;
let s: string[];
const requests: string[] = [];

const POD = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    containers: [
      { name: 'app', image: 'nginx' },
      { name: 'side', image: 'busybox' },
    ],
  },
  status: { phase: 'Running' },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.url!);
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/api/v1/namespaces/default/pods/web') {
      res.setHeader('Content-Type', 'application/json');
      return res.end(JSON.stringify(POD));
    }
    if (url.pathname === '/api/v1/namespaces/default/pods/web/log') {
      res.setHeader('Content-Type', 'text/plain');
      res.write(`line 1 of ${url.searchParams.get('container')}\n`);
      if (url.searchParams.get('follow') === 'true') {
        const t = setInterval(() => res.write('tick\n'), 20);
        res.on('close', () => clearInterval(t));
        return;
      }
      return res.end('line 2\n');
    }
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'pods "x" not found',
        details: { name: 'x', kind: 'pods' },
      }),
    );
  });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (p) => (p.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false),
  });
  server.on('upgrade', (req, socket, head) => {
    requests.push(req.url!);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const cmd = q.getAll('command');
      const send = (ch: number, text: string) =>
        ws.send(Buffer.concat([Buffer.from([ch]), Buffer.from(text)]));
      if (q.get('stdin') === 'true') {
        // cat: echo stdin until the client closes it ([255, 0]), then succeed.
        ws.on('message', (data: Buffer) => {
          if (data[0] === 0) send(1, data.subarray(1).toString());
          if (data[0] === 255) {
            send(3, JSON.stringify({ metadata: {}, status: 'Success' }));
            ws.close();
          }
        });
        return;
      }
      send(1, `${q.get('container')}: ${cmd.join(' ')}\n`);
      send(2, 'to stderr\n');
      const code = cmd[0] === 'false' ? 3 : 0;
      send(
        3,
        JSON.stringify(
          code
            ? {
                metadata: {},
                status: 'Failure',
                reason: 'NonZeroExitCode',
                message: 'command terminated with non-zero exit code',
                details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
              }
            : { metadata: {}, status: 'Success' },
        ),
      );
      ws.close();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  s = ['-s', `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('k8ts logs', () => {
  it('prints the first container’s log and says which one it picked', async () => {
    const r = await runCli(['logs', 'web', '--tail', '5', ...s]);
    expect(r).toMatchObject({
      code: 0,
      stdout: 'line 1 of app\nline 2\n',
      stderr: 'Defaulted container "app" out of: app, side\n',
    });
    expect(requests).toContain('/api/v1/namespaces/default/pods/web/log?container=app&tailLines=5');
  });

  it('follows with -f until Ctrl-C', async () => {
    const r = await runCli(['logs', 'pod/web', '-c', 'side', '-f', ...s], {
      interrupt: (out) => waitForOutput(out, /tick\ntick\n/),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^line 1 of side\n(tick\n){2,}/);
    expect(r.stderr).toBe('');
  });

  it('names a container that does not exist', async () => {
    expect(await runCli(['logs', 'web', '-c', 'nope', ...s])).toMatchObject({
      code: 1,
      stderr: 'error: container nope is not valid for pod web: choose one of [app side]\n',
    });
  });
});

describe('k8ts exec', () => {
  it('streams stdout and stderr and exits 0 on success', async () => {
    const r = await runCli(['exec', 'web', '-c', 'side', ...s, '--', 'ls', '-l', '/']);
    expect(r).toMatchObject({ code: 0, stdout: 'side: ls -l /\n', stderr: 'to stderr\n' });
    expect(requests).toContain(
      '/api/v1/namespaces/default/pods/web/exec?command=ls&command=-l&command=%2F&container=side&stdout=true&stderr=true',
    );
  });

  it('exits with the command’s exit code', async () => {
    const r = await runCli(['exec', 'web', '-c', 'app', ...s, '--', 'false']);
    expect(r).toMatchObject({
      code: 3,
      stdout: 'app: false\n',
      stderr: 'to stderr\ncommand terminated with exit code 3\n',
    });
  });

  it('passes stdin with -i and closes it at its end', async () => {
    const r = await runCli(['exec', '-i', 'web', '-c', 'app', ...s, '--', 'cat'], {
      stdin: 'hello\nworld\n',
    });
    expect(r).toMatchObject({ code: 0, stdout: 'hello\nworld\n', stderr: '' });
  });

  it('fails in one line when the pod is missing', async () => {
    expect(await runCli(['exec', 'x', ...s, '--', 'true'])).toMatchObject({
      code: 1,
      stderr: 'error: pods "x" not found in namespace "default"\n',
    });
  });
});
