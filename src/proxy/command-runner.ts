// CommandRunner: the proxy's one seam to the node's binaries (ip, iptables, iptables-restore, iptables-save,
// sysctl, cat), so the exact commands can be checked without root (RecordingRunner) and run for real
// (execRunner), on this machine or inside a network namespace (netnsRunner), which is how tests and the
// benchmark drive a throwaway "node" and never the host's own routes and rules. The proxy has its own rather
// than the kubelet's: the layers keep components apart (DESIGN.md §7).
import { execFile } from 'node:child_process';

export interface CommandRunner {
  /**
   * Runs `cmd args...` with `input` (when given) on stdin; resolves with stdout, rejects with CommandError
   * when it exits non-zero or cannot start. Every command the proxy sends is idempotent, so safe to retry.
   */
  run(cmd: string, args: readonly string[], input?: string): Promise<string>;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${command}: ${stderr.trim() || `exit code ${exitCode}`}`);
    this.name = 'CommandError';
  }
}

/** Runs commands on this machine, each behind `prefix` (e.g. `['ip', 'netns', 'exec', 'node1']`) when given. */
export function execRunner(prefix: readonly string[] = []): CommandRunner {
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
            reject(new CommandError([file, ...rest].join(' '), String(stderr || err.message), code));
          },
        );
        child.stdin?.on('error', () => {}); // a command that exits before reading its input reports through exit
        child.stdin?.end(input ?? '');
      });
    },
  };
}

/** Runs every command on this machine, in this process's network namespace. */
export const hostRunner: CommandRunner = execRunner();

/** Runs every command inside the named network namespace (`ip netns exec <name> ...`). */
export const netnsRunner = (netns: string): CommandRunner => execRunner(['ip', 'netns', 'exec', netns]);

/** One command a RecordingRunner saw: the command line, and what was piped to it. */
export interface RecordedCommand {
  line: string;
  input?: string;
}

/** The fake: records each command and answers from a function of its line (default: succeed, no output). */
export class RecordingRunner implements CommandRunner {
  readonly commands: RecordedCommand[] = [];
  constructor(private readonly answer: (line: string) => string | Error = () => '') {}

  /** The command lines, in order. */
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
