// /exec/{ns}/{pod}/{container}?command=..&stdin=1&stdout=1&stderr=1&tty=0 as a WebSocket: the command runs through
// runtime.execStream and its streams travel as channel frames (./channel-session); channel 3 ends it with the
// command's exit code, as the kubelet sends it.
import { errors, StatusError } from '../../api/errors';
import type { ExecSession, Runtime } from '../runtime/runtime';
import { ChannelServer } from './channel-session';
import { execStatus, streamFlags, type StreamFlags } from './exec-channels';

export interface ExecRequest extends StreamFlags {
  cmd: string[];
}

export function execRequest(query: URLSearchParams): ExecRequest | StatusError {
  const cmd = query.getAll('command');
  if (!cmd.length) return errors.badRequest('you must specify at least 1 command');
  const want = streamFlags(query);
  return want instanceof StatusError ? want : { cmd, ...want };
}

/** The /exec endpoint: one command per connection, in the target container. */
export function execServer(runtime: Pick<Runtime, 'execStream'>): ChannelServer<ExecRequest, ExecSession> {
  return new ChannelServer({
    what: 'exec',
    parse: execRequest,
    start: (target, exec) =>
      runtime.execStream(target.uid, target.container, exec.cmd, { stdin: exec.stdin, tty: exec.tty }),
    finalStatus: async (exec, session) => execStatus(exec.cmd, await session.exitCode.catch(() => 1)),
  });
}
