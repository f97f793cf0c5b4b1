// Runs k8ts CLI verbs in-process against a real apiserver (sqlite in a temp dir, on loopback), capturing
// what a user would see: stdout, stderr and the exit code. Every verb is registered exactly as main.ts loads it.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  registerApply,
  registerCompletion,
  registerCreate,
  registerDelete,
  registerDescribe,
  registerExec,
  registerExpose,
  registerGet,
  registerKubecfg,
  registerLabel,
  registerLogs,
  registerRun,
  registerScale,
  type Io,
} from '../../src/cli/ctl';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const REGISTER = [
  registerGet,
  registerDescribe,
  registerCreate,
  registerApply,
  registerDelete,
  registerScale,
  registerLogs,
  registerExec,
  registerRun,
  registerExpose,
  registerLabel,
  registerKubecfg,
  registerCompletion,
];

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
  /** Aborts the verb's signal (Ctrl-C) when this resolves. */
  interrupt?: (stdout: () => string) => Promise<void>;
}

/** `k8ts <args>` with no kubeconfig in reach (HOME is a nowhere dir unless env says otherwise). */
export async function runCli(args: string[], o: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const abort = new AbortController();
  const io: Io = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    readStdin: async () => o.stdin ?? '',
    stdin: Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]),
    setExitCode: (c) => void (code = c),
    signal: abort.signal,
    env: { HOME: '/nonexistent-k8ts-home', ...o.env },
    readFile: (p) => readFileSync(p, 'utf8'),
  };
  const program = new Command()
    .name('k8ts')
    .exitOverride()
    .configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  for (const register of REGISTER) register(program, io);
  const interrupted = o.interrupt?.(() => stdout).then(() => abort.abort());
  try {
    await program.parseAsync(['node', 'k8ts', ...args]);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode;
  }
  abort.abort();
  await interrupted;
  return { code, stdout, stderr };
}

/** Resolves once `pattern` shows in the output so far (polling; the verb runs meanwhile). */
export async function waitForOutput(out: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(out())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in:\n${out()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
