// exec and logs against one Docker container: buffered exec (the kubelet's exec probes and tests), streaming
// exec (the apiserver's WebSocket exec, later), and logs as one interleaved readable.
import type Docker from 'dockerode';
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import type { ExecOptions, ExecResult, ExecSession, LogOptions } from '../runtime';
import { demuxBuffer, demuxStream, mergedStream } from './streams';

async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  // The stream can end a moment before Docker records the exit code.
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

export async function execStream(
  container: Docker.Container,
  cmd: readonly string[],
  options: { stdin?: boolean; tty?: boolean } = {},
): Promise<ExecSession> {
  const tty = options.tty ?? false;
  const exec = await container.exec({
    Cmd: [...cmd],
    AttachStdin: options.stdin ?? false,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
  });
  const socket = (await exec.start({ hijack: true, stdin: options.stdin ?? false, Tty: tty })) as Duplex;
  const streams = tty ? { stdout: socket as Readable, stderr: new PassThrough().end() } : demuxStream(socket);
  const ended = new Promise<void>((resolve) => {
    socket.once('end', resolve);
    socket.once('close', resolve);
  });
  return {
    ...(options.stdin ? { stdin: socket } : {}),
    stdout: streams.stdout,
    stderr: streams.stderr,
    exitCode: ended.then(() => exitCodeOf(exec)),
    resize: async (w, h) => void (await exec.resize({ w, h })),
  };
}

async function collect(stream: Readable): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

export async function execBuffered(
  container: Docker.Container,
  cmd: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const session = await execStream(container, cmd, { stdin: options.stdin !== undefined, tty: options.tty });
  if (session.stdin) session.stdin.end(options.stdin);
  const [stdout, stderr] = await Promise.all([collect(session.stdout), collect(session.stderr)]);
  return { stdout, stderr, exitCode: await session.exitCode };
}

export async function containerLogs(
  container: Docker.Container,
  options: LogOptions = {},
): Promise<Readable> {
  const info = await container.inspect();
  const multiplexed = !info.Config.Tty;
  const common = {
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    // Docker takes seconds since the epoch, with a fraction.
    ...(options.sinceMs !== undefined ? { since: options.sinceMs / 1000 } : {}),
  };
  if (options.follow) {
    const stream = (await container.logs({ ...common, follow: true })) as unknown as Readable;
    return mergedStream(stream, multiplexed);
  }
  const buf = (await container.logs({ ...common, follow: false })) as unknown as Buffer;
  return new PassThrough().end(multiplexed ? demuxBuffer(buf).all : buf);
}
