// A long-lived helper process inside one of the benchmark's namespaces (`ip netns exec <ns> node --import tsx
// <script>`, which execs, so the PID is the script's own), spoken to in JSON lines: it prints `{"ready":true}`
// once serving, then one line in answer to each request line. Stopped by its PID: SIGTERM, then SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Helper {
  readonly pid: number;
  /** Sends one request and resolves with the answer line parsed; rejects when the helper answers `error`. */
  request<T>(msg: object): Promise<T>;
  stop(): Promise<void>;
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export async function startHelper(netns: string, script: string, args: string[] = []): Promise<Helper> {
  const child = spawn(
    'ip',
    ['netns', 'exec', netns, process.execPath, '--import', 'tsx', path.join(repoRoot, script), ...args],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, K8TS_LOG_LEVEL: 'warn' } },
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queued.push(line);
  });
  const next = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const q = queued.shift();
      if (q !== undefined) return resolve(q);
      const onExit = (code: number | null) => reject(new Error(`${script} exited (${code}) before ${what}`));
      child.once('exit', onExit);
      waiting.push((line) => {
        child.off('exit', onExit);
        resolve(line);
      });
    });
  const stop = async () => {
    if (!child.pid) return;
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
    if (!(await exited(child, 10_000)) && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  };
  try {
    const ready = JSON.parse(await next('ready')) as { ready?: boolean };
    if (!ready.ready) throw new Error(`${script}: unexpected first line ${JSON.stringify(ready)}`);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pid: child.pid!,
    async request<T>(msg: object): Promise<T> {
      child.stdin!.write(`${JSON.stringify(msg)}\n`);
      const answer = JSON.parse(await next(JSON.stringify(msg))) as T & { error?: string };
      if (answer.error) throw new Error(`${script}: ${answer.error}`);
      return answer;
    },
    stop,
  };
}
