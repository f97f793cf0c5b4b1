// attachStream: joins a running Docker container's own stdio (POST /containers/{id}/attach, hijacked) — what
// `kubectl attach` and `kubectl run -i` reach through the kubelet. Output is multiplexed unless the container
// was created with a TTY, whatever the client asked for: the container's config decides Docker's framing.
// The end of the client's stdin reaches Docker only for a stdinOnce container without a TTY (Docker then closes
// the container's stdin). Otherwise Docker would end the attach's output at once, where CRI runtimes keep it
// until the container exits: `echo x | kubectl run -it ...` would lose the answer.
import type Docker from 'dockerode';
import { PassThrough, Writable, type Duplex, type Readable } from 'node:stream';
import { containerNotRunning } from '../errors';
import type { AttachOptions, AttachSession } from '../runtime';
import { demuxStream } from './streams';

/** Throws BadRequest (StatusError) when the container is not running; attach never starts it. */
export async function attachStream(
  container: Docker.Container,
  name: string,
  options: AttachOptions,
): Promise<AttachSession> {
  const info = await container.inspect();
  if (!info.State.Running) throw containerNotRunning(name, info.State.Status);
  const socket = (await container.attach({
    stream: true,
    stdin: options.stdin ?? false,
    stdout: options.stdout ?? true,
    stderr: options.stderr ?? true,
    hijack: true,
  })) as Duplex;
  const streams = info.Config.Tty
    ? { stdout: socket as Readable, stderr: new PassThrough().end() }
    : demuxStream(socket);
  const closesStdin = info.Config.StdinOnce && !info.Config.Tty;
  return {
    ...(options.stdin ? { stdin: closesStdin ? socket : keepOpen(socket) } : {}),
    stdout: streams.stdout,
    stderr: streams.stderr,
    resize: async (w, h) => void (await container.resize({ w, h })),
  };
}

/** Writes through to the socket; ending it leaves the socket's write side open. */
function keepOpen(socket: Duplex): Writable {
  return new Writable({
    write: (chunk: Buffer, _encoding, done) => void socket.write(chunk, done),
    final: (done) => done(),
  });
}
