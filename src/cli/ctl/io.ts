// Where a CLI verb reads and writes: stdout, stderr, stdin, the exit code and the Ctrl-C signal. Verbs take an
// Io instead of touching `process`, so tests run them in-process and read exactly what a user would see.
import { readFileSync } from 'node:fs';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin (for `-f -`). */
  readStdin(): Promise<string>;
  /** Raw stdin for `exec -i`; undefined when there is none. */
  stdin?: NodeJS.ReadableStream;
  /** The process's exit code once the verb is done. */
  setExitCode(code: number): void;
  /** Aborted on SIGINT/SIGTERM: long-running verbs (get -w, logs -f) stop cleanly. */
  signal: AbortSignal;
  env: Record<string, string | undefined>;
  /** Read a file (kept here so -f paths resolve the same way in tests and for real). */
  readFile(path: string): string;
}

let shared: Io | undefined;

/**
 * The real process's Io (one per process, however many verbs are registered). The first SIGINT/SIGTERM
 * aborts `signal` so long-running verbs stop cleanly; a verb that does not stop within 2 s, or a second
 * signal, ends the process with 130.
 */
export function processIo(): Io {
  if (shared) return shared;
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    setTimeout(() => process.exit(130), 2000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  shared = {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    stdin: process.stdin,
    setExitCode: (code) => {
      process.exitCode = code;
      // Nothing needs the handlers once the verb is done (and they must not keep Ctrl-C from working).
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
    signal: abort.signal,
    env: process.env,
    readFile: (p) => readFileSync(p, 'utf8'),
  };
  return shared;
}
