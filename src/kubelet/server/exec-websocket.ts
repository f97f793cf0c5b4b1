// /exec/{ns}/{pod}/{container}?command=..&stdin=1&stdout=1&stderr=1&tty=0 as a WebSocket: the command runs through
// runtime.execStream and its streams travel as channel frames (exec-channels.ts). Errors found before the
// upgrade are HTTP Status responses (kubectl then tries SPDY and shows the message); errors after it, like a
// stopped container, are a Failure Status on channel 3, as the kubelet sends them.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { errors, StatusError } from '../../api/errors';
import type { ExecSession, Runtime } from '../runtime/runtime';
import { CHANNEL, chooseProtocol, execStatus, failureStatus, flag, frame } from './exec-channels';
import type { PodTarget } from './pod-target';

export interface ExecRequest {
  cmd: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

export function execRequest(query: URLSearchParams): ExecRequest | StatusError {
  const cmd = query.getAll('command');
  if (!cmd.length) return errors.badRequest('you must specify at least 1 command');
  const req = {
    cmd,
    stdin: flag(query.get('stdin')),
    stdout: flag(query.get('stdout')),
    stderr: flag(query.get('stderr')),
    tty: flag(query.get('tty')),
  };
  if (!req.stdin && !req.stdout && !req.stderr)
    return errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return req;
}

/** Writes an HTTP error response on a socket that asked for an upgrade, then closes it. */
export function refuseUpgrade(socket: Duplex, err: StatusError): void {
  const body = JSON.stringify(err.toStatus());
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

export class ExecServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => chooseProtocol(offered) ?? false,
  });

  constructor(private readonly runtime: Pick<Runtime, 'execStream'>) {}

  /** Completes the upgrade and runs the command, or refuses with a Status. */
  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: PodTarget,
    query: URLSearchParams,
  ): void {
    const exec = execRequest(query);
    if (exec instanceof StatusError) return refuseUpgrade(socket, exec);
    if (req.headers.upgrade?.toLowerCase() !== 'websocket')
      return refuseUpgrade(
        socket,
        errors.badRequest('only WebSocket (v5.channel.k8s.io) exec is supported, not SPDY'),
      );
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!chooseProtocol(offered))
      return refuseUpgrade(
        socket,
        errors.badRequest(
          `unsupported WebSocket subprotocols ${JSON.stringify(offered)}: use v5.channel.k8s.io`,
        ),
      );
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.run(ws, target, exec));
  }

  /** Closes every open exec connection. */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async run(ws: WebSocket, target: PodTarget, exec: ExecRequest): Promise<void> {
    // kubectl sends stdin (and its close) right after the 101: hold frames until the command has started.
    const early: Buffer[] = [];
    let onFrame: (data: Buffer) => void = (data) => void early.push(data);
    ws.on('message', (data, isBinary) => {
      if (isBinary) onFrame(toBuffer(data));
    });
    let session: ExecSession;
    try {
      session = await this.runtime.execStream(target.uid, target.container, exec.cmd, {
        stdin: exec.stdin,
        tty: exec.tty,
      });
    } catch (e) {
      const err = e instanceof StatusError ? e : errors.internal(e instanceof Error ? e.message : String(e));
      send(ws, CHANNEL.error, JSON.stringify(failureStatus(err.code, err.reason, err.message)));
      ws.close(1000);
      return;
    }
    const discard = () => {
      session.stdin?.destroy();
      session.stdout.destroy();
      session.stderr.destroy();
    };
    if (ws.readyState !== ws.OPEN) return discard(); // the client left while the command was starting
    ws.on('close', discard);
    onFrame = (data) => onClientFrame(session, data);
    early.forEach(onFrame);
    session.stdin?.on('error', () => undefined); // a command that exits before reading all of stdin
    const outputs = [
      relay(ws, session.stdout, exec.stdout ? CHANNEL.stdout : undefined),
      relay(ws, session.stderr, exec.stderr ? CHANNEL.stderr : undefined),
    ];
    await Promise.all(outputs);
    const code = await session.exitCode.catch(() => 1);
    send(ws, CHANNEL.error, JSON.stringify(execStatus(exec.cmd, code)));
    ws.close(1000);
  }
}

function onClientFrame(session: ExecSession, data: Buffer): void {
  if (data.length === 0) return;
  const channel = data[0];
  const payload = data.subarray(1);
  if (channel === CHANNEL.stdin) session.stdin?.write(payload);
  else if (channel === CHANNEL.close && payload[0] === CHANNEL.stdin) session.stdin?.end();
  else if (channel === CHANNEL.resize) {
    try {
      const size = JSON.parse(payload.toString()) as { Width?: number; Height?: number };
      if (size.Width && size.Height) session.resize?.(size.Width, size.Height).catch(() => undefined);
    } catch {
      // a malformed resize is ignored, as the kubelet does
    }
  }
}

/** Sends every chunk of a stream on a channel (or drops it when the client did not ask for it). */
function relay(ws: WebSocket, stream: NodeJS.ReadableStream, channel: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer | string) => {
      if (channel !== undefined) send(ws, channel, chunk);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}

function send(ws: WebSocket, channel: number, data: Buffer | string): void {
  if (ws.readyState === ws.OPEN) ws.send(frame(channel, data), { binary: true });
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
