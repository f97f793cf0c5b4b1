// /exec/{ns}/{pod}/{container}?command=..&stdin=1&stdout=1&stderr=1&tty=0 as a WebSocket: the command runs through
// runtime.execStream and its streams travel as channel frames (channel-session.ts). Errors found before the
// upgrade are HTTP Status responses (kubectl then tries SPDY and shows the message); errors after it, like a
// stopped container, are a Failure Status on channel 3, as the kubelet sends them.
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errors, StatusError } from '../../api/errors';
import type { ExecSession, Runtime } from '../runtime/runtime';
import { channelUpgradeRefusal, holdFrames, relaySession, sendFailure, sendFrame } from './channel-session';
import { CHANNEL, chooseProtocol, execStatus, flag } from './exec-channels';
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
    const refusal = channelUpgradeRefusal(req, 'exec');
    if (refusal) return refuseUpgrade(socket, refusal);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.run(ws, target, exec));
  }

  /** Closes every open exec connection. */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async run(ws: WebSocket, target: PodTarget, exec: ExecRequest): Promise<void> {
    const held = holdFrames(ws);
    let session: ExecSession;
    try {
      session = await this.runtime.execStream(target.uid, target.container, exec.cmd, {
        stdin: exec.stdin,
        tty: exec.tty,
      });
    } catch (e) {
      held.release();
      return sendFailure(ws, e);
    }
    await relaySession(ws, session, exec, held.release());
    const code = await session.exitCode.catch(() => 1);
    sendFrame(ws, CHANNEL.error, JSON.stringify(execStatus(exec.cmd, code)));
    ws.close(1000);
  }
}
