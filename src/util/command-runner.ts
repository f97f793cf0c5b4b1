// CommandRunner: the one seam between k8ts and a node's binaries (ip, iptables, iptables-restore, sysctl, …),
// shared by the kubelet's network plugin and the proxy. Callers can check exact commands without root
// (RecordingRunner) and run them for real (execRunner), on this machine (hostRunner) or inside a network
// namespace (netnsRunner). That last one is how tests and benchmarks drive a throwaway "node" and never the
// host's own routes and rules. Node-only (child_process), so it stays out of the util barrel, which the
// dashboard's browser code also imports.
import { execFile } from 'node:child_process';

export interface CommandRunner {
  /**
   * Runs `cmd args...` with `input` (when given) on stdin; resolves with stdout, rejects with CommandError
   * when it exits non-zero or cannot start. Whether a retry is safe depends on the command; the callers'
   * commands are all idempotent.
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
        // iptables-save of a large node runs to megabytes, hence the buffer.
        const options = { timeout: 30_000, maxBuffer: 64 << 20 };
        const child = execFile(file, rest, options, (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const code = typeof err.code === 'number' ? err.code : null;
          reject(new CommandError([file, ...rest].join(' '), String(stderr || err.message), code));
        });
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

/** The fake: records each command and answers from a function of its line and input (default: succeed, no output). */
export class RecordingRunner implements CommandRunner {
  /** Every command, with its standard input when it had one, in order. */
  readonly calls: RecordedCommand[] = [];
  /** The command lines, in order. */
  readonly commands: string[] = [];
  /** The standard input given to each command that had one, in order. */
  readonly inputs: string[] = [];
  constructor(private readonly answer: (line: string, input?: string) => string | Error = () => '') {}

  async run(cmd: string, args: readonly string[], input?: string): Promise<string> {
    const line = [cmd, ...args].join(' ');
    this.calls.push(input === undefined ? { line } : { line, input });
    this.commands.push(line);
    if (input !== undefined) this.inputs.push(input);
    const out = this.answer(line, input);
    if (out instanceof Error) throw out;
    return out;
  }
}
