// A k8ts component as its own process (`node --import tsx src/cli/main.ts <verb> ...`, as bin/k8ts runs it)
// for the campaigns that need the real binary: its stdout and stderr kept (the auth campaign greps them for
// secrets, the kubelet campaign for error lines), whether it is still alive (a crash is a finding), and a
// stop that signals its PID only — SIGTERM, then SIGKILL after a grace.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Output kept per process: enough for every line a short campaign makes, bounded for the long form. */
const MAX_OUTPUT = 32 * 1024 * 1024;

export interface ComponentProcess {
  pid: number;
  /** Everything written to stdout and stderr so far (the first MAX_OUTPUT characters). */
  output(): string;
  alive(): boolean;
  /** How it ended, once it has: `code 1`, `signal SIGKILL`. */
  exit(): string | undefined;
  /** Sends a signal to this PID (SIGKILL for a crash fault); resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, SIGKILL after graceMs (default 5 s); a no-op once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `k8ts <args>`. Its log level is K8TS_LOG_LEVEL from `env`, else info: under vitest the logger
 * would otherwise be silent, and the campaigns read the log.
 */
export function startComponent(args: string[], env: Record<string, string> = {}): ComponentProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      path.join(repo, 'node_modules/tsx/dist/loader.mjs'),
      path.join(repo, 'src/cli/main.ts'),
      ...args,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, K8TS_LOG_LEVEL: 'info', ...env } },
  );
  let out = '';
  const keep = (d: Buffer) => {
    if (out.length < MAX_OUTPUT) out += d.toString();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let ended: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      ended = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    }),
  );
  const alive = () => ended === undefined;
  return {
    pid: child.pid!,
    output: () => out,
    alive,
    exit: () => ended,
    async kill(signal) {
      if (!alive()) return;
      child.kill(signal);
      await exited;
    },
    async stop(graceMs = 5000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls check() every 100 ms until it returns true; throws `what` after timeoutMs. */
export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
