// IptablesRunner: the seam between the iptables proxier and the node's iptables, iptables-restore, iptables-save
// and sysctl binaries. The real one can run every command inside a network namespace (a command prefix such as
// `ip netns exec <ns>`), so tests drive a throwaway namespace and never the host's own rules; the recording
// fake lets unit tests check the exact commands without root.
import { execFile } from 'node:child_process';

export interface IptablesRunner {
  /**
   * Runs `cmd args...` with `input` on stdin; resolves with stdout, rejects with IptablesCommandError when the
   * command exits non-zero or cannot start. Safe to retry: every command the proxier sends is idempotent.
   */
  run(cmd: string, args: readonly string[], input?: string): Promise<string>;
}

export class IptablesCommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command}: ${stderr.trim() || `exit code ${exitCode}`}`);
    this.name = 'IptablesCommandError';
  }
}

/** Runs commands on this machine, each behind `prefix` (e.g. `['ip', 'netns', 'exec', 'node1']`) when given. */
export function execRunner(prefix: readonly string[] = []): IptablesRunner {
  return {
    run(cmd, args, input) {
      const [file, ...rest] = [...prefix, cmd, ...args] as [string, ...string[]];
      return new Promise((resolve, reject) => {
        const child = execFile(
          file,
          rest,
          { timeout: 30_000, maxBuffer: 64 << 20 },
          (err, stdout, stderr) => {
            if (!err) return resolve(stdout);
            const code = typeof err.code === 'number' ? err.code : null;
            reject(new IptablesCommandError([file, ...rest].join(' '), String(stderr || err.message), code));
          },
        );
        child.stdin?.on('error', () => {}); // a command that exits before reading its input reports through exit
        child.stdin?.end(input ?? '');
      });
    },
  };
}

/** Runs every command inside the named network namespace (`ip netns exec <name> ...`). */
export const netnsRunner = (netns: string): IptablesRunner => execRunner(['ip', 'netns', 'exec', netns]);

/** One command a RecordingRunner saw: the command line, and what was piped to it. */
export interface RecordedCommand {
  line: string;
  input?: string;
}

/** A fake runner: records every command and answers from a handler (default: succeed with no output). */
export class RecordingRunner implements IptablesRunner {
  readonly commands: RecordedCommand[] = [];
  constructor(private readonly answer: (line: string) => string | Error = () => '') {}

  get lines(): string[] {
    return this.commands.map((c) => c.line);
  }

  async run(cmd: string, args: readonly string[], input?: string): Promise<string> {
    const line = [cmd, ...args].join(' ');
    this.commands.push(input === undefined ? { line } : { line, input });
    const out = this.answer(line);
    if (out instanceof Error) throw out;
    return out;
  }
}
