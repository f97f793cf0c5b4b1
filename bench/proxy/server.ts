// The server pod of the proxy benchmark (run in its namespace by bench/proxy.ts): a TCP sink that counts what
// it receives and answers the count when the client ends, and a small HTTP server (keep-alive) answering
// "ok". Exits on SIGTERM.
import http from 'node:http';
import net from 'node:net';
import { HTTP_PORT, SINK_PORT } from './network';

const sink = net.createServer((s) => {
  let bytes = 0;
  s.on('data', (b: Buffer) => (bytes += b.length));
  s.on('end', () => s.end(`${bytes}\n`));
  s.on('error', () => s.destroy());
});

const body = Buffer.from('ok\n');
const web = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': body.length });
  res.end(body);
});
web.keepAliveTimeout = 30_000;

async function main(): Promise<void> {
  await new Promise<void>((r) => sink.listen(SINK_PORT, '0.0.0.0', r));
  await new Promise<void>((r) => web.listen(HTTP_PORT, '0.0.0.0', 4096, r));
  process.on('SIGTERM', () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

void main();
