// /attach/{ns}/{pod}/{container}?stdin=1&stdout=1&stderr=1&tty=1 as a WebSocket: joins the running container's
// own stdio through runtime.attach (nothing new runs) and carries it as channel frames (channel-session.ts).
// As in the kubelet's ServeAttach, the upgrade comes first: a container that is not running is a Failure Status
// on channel 3 (an HTTP refusal would only send kubectl to its SPDY fallback). When the container's output ends
// (it exited, or closed stdin with stdinOnce) channel 3 says Success: attach has no exit code of its own. A
// client that leaves detaches; the container keeps running.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errors, StatusError } from '../../api/errors';
import type { AttachOptions, AttachSession, Runtime } from '../runtime/runtime';
import { channelUpgradeRefusal, holdFrames, relaySession, sendFailure, sendFrame } from './channel-session';
import { CHANNEL, chooseProtocol, flag, successStatus } from './exec-channels';
import { refuseUpgrade } from './exec-websocket';
import type { PodTarget } from './pod-target';

type AttachRequest = Required<AttachOptions>;

export function attachRequest(query: URLSearchParams): AttachRequest | StatusError {
  const req = {
    stdin: flag(query.get('stdin')),
    stdout: flag(query.get('stdout')),
    stderr: flag(query.get('stderr')),
    tty: flag(query.get('tty')),
  };
  if (!req.stdin && !req.stdout && !req.stderr)
    return errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return req;
}

export class AttachServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => chooseProtocol(offered) ?? false,
  });

  /** Without runtime.attach every attach is refused (a runtime that cannot join a container's stdio). */
  constructor(private readonly runtime: Partial<Pick<Runtime, 'attach'>>) {}

  /** Completes the upgrade and attaches, or refuses with a Status. */
  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: PodTarget,
    query: URLSearchParams,
  ): void {
    const want = attachRequest(query);
    if (want instanceof StatusError) return refuseUpgrade(socket, want);
    if (!this.runtime.attach)
      return refuseUpgrade(socket, errors.badRequest("this kubelet's runtime does not support attach"));
    const refusal = channelUpgradeRefusal(req, 'attach');
    if (refusal) return refuseUpgrade(socket, refusal);
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.run(ws, target, want));
  }

  /** Closes every open attach connection (detaching; the containers keep running). */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private async run(ws: WebSocket, target: PodTarget, want: AttachRequest): Promise<void> {
    const held = holdFrames(ws);
    let session: AttachSession;
    try {
      session = await this.runtime.attach!(target.uid, target.container, want);
    } catch (e) {
      held.release();
      return sendFailure(ws, e);
    }
    await relaySession(ws, session, want, held.release());
    sendFrame(ws, CHANNEL.error, JSON.stringify(successStatus()));
    ws.close(1000);
  }
}
