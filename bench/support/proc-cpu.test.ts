// The /proc readers behind the benchmarks' CPU budgets: they must read what Linux accounts, per process, per
// process tree and machine-wide.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuMeter, emptyTally, machineCpu, pidsOf, processCpu, processCpuMs, treeCpu } from './proc-cpu';

/** Computes until this process has used `ms` more CPU (by Node's own count), however busy the machine is. */
function spin(ms: number): void {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const end = cpu() + ms;
  while (cpu() < end);
}

describe('proc-cpu', () => {
  it('splits machine time into busy, steal and the total over all cores', () => {
    // user nice system idle iowait irq softirq steal, in 10 ms ticks; the per-core lines are not summed again
    const stat = 'cpu  10 1 5 1000 50 1 2 3 0 0\ncpu0 5 0 2 500 25 0 1 1 0 0\n';
    expect(machineCpu(stat)).toEqual({ busyMs: 190, stealMs: 30, totalMs: 10_720 });
  });

  it('reads utime and stime after a command name holding spaces and parentheses', () => {
    const stat = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 100 0 0 0 37 12 0 0 20 0 11 0 5 0 0';
    expect(processCpu(stat)).toEqual({ userMs: 370, systemMs: 120 });
  });

  it("reads this process's CPU time, which grows while it computes", () => {
    const before = processCpuMs(process.pid);
    spin(60);
    expect(processCpuMs(process.pid) - before).toBeGreaterThanOrEqual(50);
  });

  it('gives nothing for a process that is gone', () => {
    expect(processCpuMs(2 ** 22 + 1)).toBe(0); // above pid_max: never a live process
    expect(treeCpu(2 ** 22 + 1)).toEqual({ userMs: 0, systemMs: 0 });
  });

  it("counts a living child's CPU in its parent's tree, not in the parent's own", async () => {
    // The child computes for 200 ms of its own CPU time, says so, and stays alive until told to go.
    const child = spawn(
      process.execPath,
      [
        '-e',
        'const c=()=>{const u=process.cpuUsage();return (u.user+u.system)/1000};const e=c()+200;while(c()<e);' +
          'console.log("spun");process.stdin.resume()',
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const tree = treeCpu(process.pid);
      const own = processCpu(readFileSync('/proc/self/stat', 'utf8'));
      const childMs = tree.userMs + tree.systemMs - own.userMs - own.systemMs;
      expect(childMs).toBeGreaterThanOrEqual(150);
      expect(processCpuMs(process.pid)).toBeLessThan(tree.userMs + tree.systemMs - 100);
    } finally {
      child.kill();
    }
  });

  it('finds a process by its command name and one of its arguments, and only then', () => {
    const comm = readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim();
    const arg = process.argv[1]!;
    expect(pidsOf(comm, arg)).toContain(process.pid);
    expect(pidsOf('etcd', arg)).not.toContain(process.pid);
  });

  it('CpuMeter adds what a measured slice used, per process and for the machine', async () => {
    const meter = new CpuMeter({ me: [process.pid] });
    const tally = emptyTally(meter.names);
    await meter.measure(tally, async () => spin(60));
    await meter.measure(tally, async () => spin(60));
    expect(tally.byProcess.me).toBeGreaterThanOrEqual(100); // 120 ms, less a tick of rounding per read
    expect(tally.machine).toBeGreaterThanOrEqual(tally.byProcess.me! - 20); // the machine includes us
  });
});
