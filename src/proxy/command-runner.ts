// CommandRunner: the proxy's seam to the node's `ip` binary, so the exact commands can be checked without
// root (RecordingRunner) and run for real (execRunner). The proxy has its own rather than the kubelet's:
// the layers keep components apart (DESIGN.md §7).
import { execFile } from 'node:child_process';

export interface CommandRunner {
  /** Runs `cmd args...`; resolves with stdout, rejects with CommandError when it exits non-zero. */
  run(cmd: string, args: readonly string[]): Promise<string>;
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

export const execRunner: CommandRunner = {
  run(cmd, args) {
    return new Promise((resolve, reject) => {
      execFile(cmd, [...args], { timeout: 10_000 }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = typeof err.code === 'number' ? err.code : null;
        reject(new CommandError([cmd, ...args].join(' '), String(stderr || err.message), code));
      });
    });
  },
};

/** The fake: records each command line and answers from a function (default: succeed, no output). */
export class RecordingRunner implements CommandRunner {
  readonly commands: string[] = [];
  constructor(private readonly answer: (line: string) => string | Error = () => '') {}

  async run(cmd: string, args: readonly string[]): Promise<string> {
    const line = [cmd, ...args].join(' ');
    this.commands.push(line);
    const out = this.answer(line);
    if (out instanceof Error) throw out;
    return out;
  }
}
