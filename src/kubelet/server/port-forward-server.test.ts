import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types';
import { startKubeletServer, type KubeletServer } from './kubelet-server';
import { PORT_FORWARD_WEBSOCKET_PROTOCOL, portForwardTarget } from './port-forward-server';

const web: Pod = { metadata: { name: 'web', namespace: 'default', uid: 'u-web' }, spec: { containers: [] } };
const starting: Pod = {
  metadata: { name: 'starting', namespace: 'default', uid: 'u-starting' },
  spec: { containers: [] },
};
const pods: Record<string, Pod> = { web, starting };

const kubelet = {
  podByName: (ns: string, name: string) => (ns === 'default' ? pods[name] : undefined),
  runtime: {
    logs: () => Promise.reject(new Error('unused')),
    execStream: () => Promise.reject(new Error('unused')),
    getPodStatus: async (uid: string) =>
      uid === 'u-web'
        ? { uid, name: 'web', namespace: 'default', podIp: '127.0.0.1', sandboxReady: true, containers: [] }
        : undefined,
  },
};

let server: KubeletServer;

beforeAll(async () => {
  server = await startKubeletServer({ port: 0, address: '127.0.0.1', kubelet });
});
afterAll(() => server.close());

/** Sends a raw request and returns the response head (status line and headers). */
function raw(path: string, headers: Record<string, string>, method = 'POST'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      const end = got.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', reject);
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`${method} ${path} HTTP/1.1\r\nHost: kubelet\r\n${lines.join('')}\r\n`);
  });
}

const SPDY = {
  Connection: 'Upgrade',
  Upgrade: 'SPDY/3.1',
  'X-Stream-Protocol-Version': 'portforward.k8s.io',
};

describe('the kubelet port-forward endpoint', () => {
  it('switches to SPDY/3.1 and names the protocol it chose', async () => {
    const head = await raw('/portForward/default/web', SPDY);
    expect(head).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(head).toContain('Upgrade: SPDY/3.1\r\n');
    expect(head).toContain('X-Stream-Protocol-Version: portforward.k8s.io\r\n');
  });

  it('refuses an upgrade without the portforward.k8s.io protocol with 403, as Kubernetes negotiates', async () => {
    const head = await raw('/portForward/default/web', {
      ...SPDY,
      'X-Stream-Protocol-Version': 'v4.channel.k8s.io',
    });
    expect(head).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('answers an unknown pod with 404 and a pod without a network with 400', async () => {
    expect(await raw('/portForward/default/nope', SPDY)).toMatch(/^HTTP\/1\.1 404 /);
    expect(await raw('/portForward/default/starting', SPDY)).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('wants an upgrade', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/portForward/default/web`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('Upgrade request required');
  });

  it('accepts the WebSocket tunnel with the SPDY/3.1+portforward.k8s.io subprotocol, and only that', async () => {
    // Raw: the ws client, like the ws server, refuses '/' in a subprotocol name; kubectl (gorilla) does not.
    const ws = (protocol: string) => ({
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Protocol': protocol,
    });
    const head = await raw('/portForward/default/web', ws(PORT_FORWARD_WEBSOCKET_PROTOCOL), 'GET');
    expect(head).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(head).toContain(`Sec-WebSocket-Protocol: ${PORT_FORWARD_WEBSOCKET_PROTOCOL}\r\n`);
    expect(head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n');
    expect(await raw('/portForward/default/web', ws('v5.channel.k8s.io'), 'GET')).toMatch(/^HTTP\/1\.1 400 /);
  });
});

describe('portForwardTarget', () => {
  it('finds the pod and its IP from the runtime', async () => {
    expect(await portForwardTarget(kubelet, ['default', 'web'])).toEqual({
      namespace: 'default',
      name: 'web',
      uid: 'u-web',
      podIp: '127.0.0.1',
    });
  });

  it('says why it cannot: a bad path, an unknown pod, no runtime status', async () => {
    expect(await portForwardTarget(kubelet, ['default'])).toMatchObject({ code: 404 });
    expect(await portForwardTarget(kubelet, ['default', 'web', 'extra'])).toMatchObject({ code: 404 });
    expect(await portForwardTarget(kubelet, ['default', 'nope'])).toMatchObject({ code: 404 });
    expect(await portForwardTarget(kubelet, ['default', 'starting'])).toMatchObject({
      code: 400,
      message: 'pod starting has no network yet: it cannot be forwarded to',
    });
    const noStatus = { ...kubelet, runtime: {} };
    expect(await portForwardTarget(noStatus, ['default', 'web'])).toMatchObject({ code: 400 });
  });
});
