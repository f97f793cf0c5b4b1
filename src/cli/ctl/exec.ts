// `k8ts exec POD [-c C] [-i] -- CMD...`: runs a command in a container over the apiserver's WebSocket exec
// (v5.channel.k8s.io, as kubectl speaks it): byte 0 of each message is the channel (0 stdin, 1 stdout,
// 2 stderr, 3 status, 255 close). Exits with the command's exit code.
import type { Command } from 'commander';
import WebSocket from 'ws';
import type { Pod, Status } from '../../api/types';
import { StatusError } from '../../api/errors';
import { resourcePath } from '../../client/paths';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { pickContainer, podName } from './logs';
import { authHeaders, tlsOptions } from './raw-http';
import type { Session } from './session';
import { UsageError } from './usage-error';

interface ExecFlags extends GlobalFlags {
  container?: string;
  stdin?: boolean;
}

export function registerExec(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('exec')
    .description('run a command in a container: `exec web-1 -- ls /`; exits with the command’s exit code')
    .argument('<pod>', 'the pod (or pod/NAME)')
    .argument('<command...>', 'the command and its arguments, after --')
    .option('-c, --container <name>', 'the container (default: the pod’s first)')
    .option('-i, --stdin', 'pass stdin to the command');
  addGlobalFlags(cmd).action((pod: string, command: string[], f: ExecFlags) =>
    runVerb(io, f, (s) => exec(s, pod, command, f)),
  );
}

/** The exit code a v5 status message (channel 3) reports. */
export function exitCodeOf(status: Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message !== undefined) return Number(cause.message);
  throw StatusError.fromStatus(status);
}

async function exec(s: Session, arg: string, command: string[], f: ExecFlags): Promise<number> {
  const name = podName(arg);
  const pod = await s.client.get<Pod>('pods', s.namespace, name);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new UsageError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = pickContainer(s, pod, f.container);
  const q = new URLSearchParams();
  for (const c of command) q.append('command', c);
  q.set('container', container);
  q.set('stdout', 'true');
  q.set('stderr', 'true');
  if (f.stdin) q.set('stdin', 'true');
  const url =
    s.config.server.replace(/^http/, 'ws') +
    resourcePath({ resource: 'pods', namespace: s.namespace, name, subresource: 'exec' }) +
    `?${q}`;
  const ws = new WebSocket(url, ['v5.channel.k8s.io'], {
    headers: authHeaders(s.config),
    ...tlsOptions(s.config),
  });
  return new Promise<number>((resolve, reject) => {
    let code: number | undefined;
    ws.on('open', () => {
      if (!f.stdin || !s.io.stdin) return;
      s.io.stdin.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
      s.io.stdin.on('end', () => ws.send(Buffer.from([255, 0])));
    });
    ws.on('message', (data: Buffer) => {
      const body = data.subarray(1);
      if (data[0] === 1) s.io.out(body.toString('utf8'));
      else if (data[0] === 2) s.io.err(body.toString('utf8'));
      else if (data[0] === 3) {
        try {
          code = exitCodeOf(JSON.parse(body.toString('utf8')) as Status);
          if (code !== 0) s.io.err(`command terminated with exit code ${code}\n`);
        } catch (e) {
          reject(e);
        }
      }
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let message = text.trim() || `exec failed with HTTP ${res.statusCode}`;
        try {
          message = (JSON.parse(text) as Status).message ?? message;
        } catch {
          // not a Status: keep the text
        }
        reject(new StatusError(res.statusCode ?? 500, 'InternalError', message));
      });
    });
    ws.on('error', (e) => reject(e));
    ws.on('close', () => resolve(code ?? 0));
  });
}
