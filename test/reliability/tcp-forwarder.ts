// TcpForwarder: one loopback address that stays put while the apiserver behind it is killed and restarted
// on a new port — what a load balancer in front of an apiserver gives real clients. Clients (KubeClient,
// RetryWatcher) keep their URL; while no backend is set, new connections are refused by being closed, and
// switching the backend cuts every connection to the old one, as the killed process would.
import net from 'node:net';

export interface TcpForwarder {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Where new connections go; undefined = close them at once (the server is down). */
  setBackend(port: number | undefined): void;
  close(): Promise<void>;
}

export async function startTcpForwarder(): Promise<TcpForwarder> {
  let backend: number | undefined;
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  };
  const server = net.createServer((client) => {
    track(client);
    if (backend === undefined) return client.destroy();
    const upstream = net.connect(backend, '127.0.0.1');
    track(upstream);
    // Either side failing ends both, so the client sees the reset the server's death would give it.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setBackend(p) {
      backend = p;
      for (const s of open) s.destroy();
    },
    close() {
      for (const s of open) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
