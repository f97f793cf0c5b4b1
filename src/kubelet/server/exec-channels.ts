// The remotecommand channel protocol (v4/v5.channel.k8s.io): one binary WebSocket message per chunk, its first
// byte the stream. Pure: the streams a request asks for, frame building and the final Status on the error
// channel, worded like the kubelet's.
import { errors, type StatusError } from '../../api/errors';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** In order of preference; v5 adds the close channel (255) that ends stdin. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

export function frame(channel: number, data: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(data)]);
}

/** What attach always ends with, and exec when its command exited 0. */
export function successStatus(): object {
  return { metadata: {}, status: 'Success' };
}

/** The JSON kubectl reads on channel 3 once the command ended: exit code 0 is Success. */
export function execStatus(cmd: readonly string[], exitCode: number): object {
  if (exitCode === 0) return successStatus();
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${cmd.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** A failure before the command ran (container not running, no such binary…), as a Status on channel 3. */
export function failureStatus(code: number, reason: string, message: string): object {
  return { metadata: {}, status: 'Failure', message, reason, code };
}

/** The protocol to answer with, or undefined when the client offers none we speak. */
export function chooseProtocol(offered: Iterable<string>): string | undefined {
  const set = new Set(offered);
  return EXEC_PROTOCOLS.find((p) => set.has(p));
}

/** `1`, `true` (any case) → true, as the kubelet's query parsing accepts. */
export function flag(value: string | null): boolean {
  return value !== null && /^(1|true)$/i.test(value);
}

export interface StreamFlags {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The streams an exec or attach asks for (`stdin=1&stdout=1&stderr=1&tty=1`); at least one is needed. */
export function streamFlags(query: URLSearchParams): StreamFlags | StatusError {
  const want = {
    stdin: flag(query.get('stdin')),
    stdout: flag(query.get('stdout')),
    stderr: flag(query.get('stderr')),
    tty: flag(query.get('tty')),
  };
  if (!want.stdin && !want.stdout && !want.stderr)
    return errors.badRequest('you must specify at least 1 of stdin, stdout, stderr');
  return want;
}
