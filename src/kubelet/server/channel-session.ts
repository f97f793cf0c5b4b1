// One runtime session (exec or attach) carried over a v4/v5.channel.k8s.io WebSocket: client frames feed stdin
// (and its close, and TTY resizes), the session's output goes out on channels 1 and 2, and channel 3 ends it
// with a Status. ChannelServer is the WebSocket endpoint for one kind of session; a ChannelHandler says how to
// read its query, start it, and word its end: all that differs between exec (an exit code) and attach
// (always Success). Errors found before the upgrade are HTTP Status responses (kubectl then tries SPDY and shows
// the message); errors after it, like a stopped container, are a Failure Status on channel 3, as the kubelet
// sends them.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { errors, StatusError } from '../../api/errors';
import { CHANNEL, chooseProtocol, failureStatus, frame } from './exec-channels';
import type { PodTarget } from './pod-target';

export interface ChannelSession {
  stdin?: Writable;
  stdout: Readable;
  stderr: Readable;
  resize?(cols: number, rows: number): Promise<void>;
}

/** Why an upgrade cannot carry channels (SPDY, or no protocol we speak); undefined when it can. */
export function channelUpgradeRefusal(req: IncomingMessage, what: string): StatusError | undefined {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket')
    return errors.badRequest(`only WebSocket (v5.channel.k8s.io) ${what} is supported, not SPDY`);
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!chooseProtocol(offered))
    return errors.badRequest(
      `unsupported WebSocket subprotocols ${JSON.stringify(offered)}: use v5.channel.k8s.io`,
    );
  return undefined;
}

/**
 * Holds the client's frames until the session exists: kubectl sends stdin (and its close) right after the 101,
 * before the runtime has started the command or attached. `release()` stops holding and returns them.
 */
export function holdFrames(ws: WebSocket): { release(): Buffer[] } {
  const early: Buffer[] = [];
  const hold = (data: RawData, isBinary: boolean) => {
    if (isBinary) early.push(toBuffer(data));
  };
  ws.on('message', hold);
  return {
    release: () => {
      ws.off('message', hold);
      return early;
    },
  };
}

/**
 * Relays until the session's output has ended. `early` are client frames that arrived before the session
 * existed. A client that leaves destroys the session's streams (for attach: detaches).
 */
export async function relaySession(
  ws: WebSocket,
  session: ChannelSession,
  want: { stdout: boolean; stderr: boolean },
  early: readonly Buffer[] = [],
): Promise<void> {
  const discard = () => {
    session.stdin?.destroy();
    session.stdout.destroy();
    session.stderr.destroy();
  };
  if (ws.readyState !== ws.OPEN) return discard(); // the client left while the session was starting
  ws.on('close', discard);
  ws.on('message', (data, isBinary) => {
    if (isBinary) onClientFrame(session, toBuffer(data));
  });
  for (const data of early) onClientFrame(session, data);
  session.stdin?.on('error', () => undefined); // a process that exits before reading all of stdin
  await Promise.all([
    relay(ws, session.stdout, want.stdout ? CHANNEL.stdout : undefined),
    relay(ws, session.stderr, want.stderr ? CHANNEL.stderr : undefined),
  ]);
}

function onClientFrame(session: ChannelSession, data: Buffer): void {
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
function relay(ws: WebSocket, stream: Readable, channel: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer | string) => {
      if (channel !== undefined) sendFrame(ws, channel, chunk);
    });
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
}

/** A failure before the session existed (container not running, no such binary…), then the close. */
export function sendFailure(ws: WebSocket, e: unknown): void {
  const err = e instanceof StatusError ? e : errors.internal(e instanceof Error ? e.message : String(e));
  sendFrame(ws, CHANNEL.error, JSON.stringify(failureStatus(err.code, err.reason, err.message)));
  ws.close(1000);
}

export function sendFrame(ws: WebSocket, channel: number, data: Buffer | string): void {
  if (ws.readyState === ws.OPEN) ws.send(frame(channel, data), { binary: true });
}

export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
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

type StreamChoice = { stdout: boolean; stderr: boolean };

/** One kind of channel session: its request from the query, how it starts, and the Status that ends it. */
export interface ChannelHandler<R extends StreamChoice, S extends ChannelSession> {
  /** "exec" or "attach", for messages. */
  what: string;
  parse(query: URLSearchParams): R | StatusError;
  start(target: PodTarget, request: R): Promise<S>;
  finalStatus(request: R, session: S): Promise<object>;
}

export class ChannelServer<R extends StreamChoice, S extends ChannelSession> {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => chooseProtocol(offered) ?? false,
  });

  constructor(private readonly handler: ChannelHandler<R, S>) {}

  /** Completes the upgrade and serves the session, or refuses with a Status. */
  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: PodTarget,
    query: URLSearchParams,
  ): void {
    const request = this.handler.parse(query);
    if (request instanceof StatusError) return refuseUpgrade(socket, request);
    const refusal = channelUpgradeRefusal(req, this.handler.what);
    if (refusal) return refuseUpgrade(socket, refusal);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.run(ws, target, request));
  }

  /** Closes every open connection (for attach: detaching; the containers keep running). */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async run(ws: WebSocket, target: PodTarget, request: R): Promise<void> {
    const held = holdFrames(ws);
    let session: S;
    try {
      session = await this.handler.start(target, request);
    } catch (e) {
      held.release();
      return sendFailure(ws, e);
    }
    await relaySession(ws, session, request, held.release());
    sendFrame(ws, CHANNEL.error, JSON.stringify(await this.handler.finalStatus(request, session)));
    ws.close(1000);
  }
}
