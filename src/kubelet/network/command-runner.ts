// CommandRunner: the seam between the network plugin and the host's `ip`/`nsenter` binaries, so the plugin's
// exact command sequence can be tested without root (RecordingRunner) and run for real (execRunner). A command
// may be given standard input (iptables-restore reads its rule set from it).
import { execFile } from 'node:child_process';

export interface CommandRunner {
  /** Runs `cmd args...` (with `input` on stdin); resolves with stdout, rejects with CommandError on non-zero exit. */
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

export const execRunner: CommandRunner = {
  run(cmd, args, input) {
    return new Promise((resolve, reject) => {
      const child = execFile(cmd, [...args], { timeout: 10_000 }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const code = typeof err.code === 'number' ? err.code : null;
        reject(new CommandError([cmd, ...args].join(' '), String(stderr || err.message), code));
      });
      child.stdin?.on('error', () => undefined); // a command that exits without reading: its exit code tells
      child.stdin?.end(input ?? '');
    });
  },
};

/** A fake runner: records every command and answers from a table of handlers (default: succeed, no output). */
export class RecordingRunner implements CommandRunner {
  readonly commands: string[] = [];
  /** The standard input given to each command that had one, in order. */
  readonly inputs: string[] = [];
  constructor(private readonly answer: (line: string, input?: string) => string | Error = () => '') {}

  async run(cmd: string, args: readonly string[], input?: string): Promise<string> {
    const line = [cmd, ...args].join(' ');
    this.commands.push(line);
    if (input !== undefined) this.inputs.push(input);
    const out = this.answer(line, input);
    if (out instanceof Error) throw out;
    return out;
  }
}

/** True when an `ip` failure only says the thing to delete is already gone. */
export function isNotFound(err: unknown): boolean {
  return err instanceof CommandError && /Cannot find device|does not exist|No such/i.test(err.stderr);
}
