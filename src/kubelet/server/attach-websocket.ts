// /attach/{ns}/{pod}/{container}?stdin=1&stdout=1&stderr=1&tty=1 as a WebSocket: joins the running container's
// own stdio through runtime.attach (nothing new runs) and carries it as channel frames (./channel-session).
// As in the kubelet's ServeAttach, the upgrade comes first: a container that is not running is a Failure Status
// on channel 3 (an HTTP refusal would only send kubectl to its SPDY fallback). When the container's output ends
// (it exited, or closed stdin with stdinOnce) channel 3 says Success: attach has no exit code of its own. A
// client that leaves detaches; the container keeps running.
import { errors, type StatusError } from '../../api/errors';
import type { AttachOptions, AttachSession, Runtime } from '../runtime/runtime';
import { ChannelServer } from './channel-session';
import { streamFlags, successStatus } from './exec-channels';

type AttachRequest = Required<AttachOptions>;

export const attachRequest: (query: URLSearchParams) => AttachRequest | StatusError = streamFlags;

/** The /attach endpoint; without runtime.attach (a runtime that cannot join a container's stdio) it refuses. */
export function attachServer(
  runtime: Partial<Pick<Runtime, 'attach'>>,
): ChannelServer<AttachRequest, AttachSession> {
  return new ChannelServer({
    what: 'attach',
    parse: (query) =>
      runtime.attach
        ? attachRequest(query)
        : errors.badRequest("this kubelet's runtime does not support attach"),
    start: (target, want) => runtime.attach!(target.uid, target.container, want),
    finalStatus: async () => successStatus(),
  });
}
