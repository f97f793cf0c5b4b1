// `k8ts scheduler --master URL` (or any other component verb) as its own process (node + tsx, as bin/k8ts
// runs it), logging only warnings, stopped by its PID. With K8TS_BENCH_CPU_PROF=<dir> it runs under
// `node --cpu-prof`. cpuSeconds and memoryMb read any process's CPU time and resident set from /proc, so a
// benchmark can report CPU per pod and memory beside wall-clock figures.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface SchedulerProcess {
  pid: number;
  /** The last 4 KB it wrote to stderr, to explain a run that went wrong. */
  stderr(): string;
  /** SIGTERM (the component finishes its work in flight and exits 0), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Its metrics port is any free one (--port 0): a cluster of someone else's may hold 10251. */
export function startSchedulerProcess(url: string): SchedulerProcess {
  return startComponentProcess('scheduler', url, ['--port', '0']);
}

/** `k8ts <verb> --master url [...args]`, e.g. ('controller-manager', url, ['--port', '0']). */
export function startComponentProcess(verb: string, url: string, args: string[] = []): SchedulerProcess {
  const profDir = process.env.K8TS_BENCH_CPU_PROF;
  const argv = [
    ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profDir)] : []),
    '--import',
    path.join(repo, 'node_modules/tsx/dist/loader.mjs'),
    path.join(repo, 'src/cli/main.ts'),
    verb,
    '--master',
    url,
    ...args,
  ];
  const child = spawn(process.execPath, argv, {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, K8TS_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid: child.pid!,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (child.exitCode) throw new Error(`${verb} exited ${child.exitCode}:\n${stderr}`);
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      if (child.exitCode) throw new Error(`${verb} exited ${child.exitCode}:\n${stderr}`);
    },
  };
}

/** CPU seconds (user + system) process pid has used so far (/proc clock ticks are 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A process's resident set now and at its peak (VmRSS, VmHWM from /proc), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}
