// What the proxy benchmark's bulk transfers cost in CPU, per subject (direct or through the service): the
// machine's busy time (all cores, whoever ran) and each helper's (client, server, proxy: their process trees),
// sampled right around each transfer from /proc (bench/support/proc-cpu.ts), and the table rows that report it.
// The helpers' sum is the path's own cost, which unlike MiB/s hardly depends on how busy the shared host is.
import { cpus } from 'node:os';
import { type CpuTimes, type MachineCpu, machineCpu, treeCpu } from '../support/proc-cpu';

export interface Cost {
  bytes: number;
  machine: MachineCpu;
  client: CpuTimes;
  server: CpuTimes;
  /** Zero for direct transfers; the iptables proxier forwards nothing itself. */
  proxy: CpuTimes;
}

/** The helpers whose CPU a transfer is charged with, by PID. */
export interface Pids {
  client: number;
  server: number;
  proxy: number;
}

const noCpu = (): CpuTimes => ({ userMs: 0, systemMs: 0 });

export const newCost = (): Cost => ({
  bytes: 0,
  machine: { busyMs: 0, stealMs: 0, totalMs: 0 },
  client: noCpu(),
  server: noCpu(),
  proxy: noCpu(),
});

function addCpu(sum: CpuTimes, after: CpuTimes, before: CpuTimes): void {
  sum.userMs += after.userMs - before.userMs;
  sum.systemMs += after.systemMs - before.systemMs;
}

/**
 * Starts metering one transfer; the function returned adds what was spent since, and the bytes moved, to a
 * cost. The proxy is charged only when `viaProxy` (it idles during direct transfers).
 */
export function meter(pids: Pids, viaProxy: boolean): (cost: Cost, bytes: number) => void {
  const sample = () => ({
    machine: machineCpu(),
    client: treeCpu(pids.client),
    server: treeCpu(pids.server),
    proxy: treeCpu(pids.proxy),
  });
  const before = sample();
  return (cost, bytes) => {
    const after = sample();
    cost.bytes += bytes;
    for (const k of ['busyMs', 'stealMs', 'totalMs'] as const)
      cost.machine[k] += after.machine[k] - before.machine[k];
    addCpu(cost.client, after.client, before.client);
    addCpu(cost.server, after.server, before.server);
    if (viaProxy) addCpu(cost.proxy, after.proxy, before.proxy);
  };
}

/** CPU seconds per GiB moved. */
const perGiB = (ms: number, bytes: number) => ms / 1000 / (bytes / 2 ** 30);
const both = (c: CpuTimes) => c.userMs + c.systemMs;
const split = (c: CpuTimes, bytes: number) =>
  `${perGiB(c.userMs, bytes).toFixed(2)}/${perGiB(c.systemMs, bytes).toFixed(2)}`;
const helpersMs = (c: Cost) => both(c.client) + both(c.server) + both(c.proxy);
/**
 * The path's cost, wherever the kernel charged it (a veth delivers in the sender's softirq, so a receiver's
 * TCP work often lands on whoever sent): what a GiB costs apart from the host's other work.
 */
const pathCpu = (c: Cost) => perGiB(helpersMs(c), c.bytes);

/**
 * Rows (mode, measure, direct, service, ratio) for where the CPU went: the machine's busy time per GiB, the
 * cores the helpers kept busy and those other work took meanwhile (the host is shared: a run whose other work
 * is near 0 is the one to believe), the path's and the proxy's own cost; each helper's share goes to `notes`.
 */
export function costRows(mode: string, d: Cost, s: Cost, notes: string[]): (string | number)[][] {
  const machine = (c: Cost) => perGiB(c.machine.busyMs, c.bytes);
  const wallMs = (c: Cost) => c.machine.totalMs / cpus().length;
  const helperCores = (c: Cost) => helpersMs(c) / wallMs(c);
  const otherCores = (c: Cost) => Math.max(0, c.machine.busyMs - helpersMs(c)) / wallMs(c);
  const [pd, ps] = [pathCpu(d), pathCpu(s)];
  // When both transfers are CPU-bound on the same cores, throughput goes as 1 / cost. On a busy host the
  // measured ratio flatters the proxy: three runnable processes get a bigger share of the cores than two.
  notes.push(
    `${mode}: CPU-bound on an idle host, service would reach ${(pd / ps).toFixed(2)}× direct (path CPU ${pd.toFixed(2)} vs ${ps.toFixed(2)} s per GiB)`,
  );
  const steal = (c: Cost) => ((100 * c.machine.stealMs) / c.machine.totalMs).toFixed(0);
  notes.push(
    `${mode}: CPU s per GiB user/system — direct: client ${split(d.client, d.bytes)}, server ${split(d.server, d.bytes)}; service: client ${split(s.client, s.bytes)}, server ${split(s.server, s.bytes)}, proxy ${split(s.proxy, s.bytes)}; steal ${steal(d)}% / ${steal(s)}% of machine time`,
  );
  const rows: (string | number)[][] = [
    [mode, 'machine CPU s per GiB', machine(d), machine(s), machine(s) / machine(d), ''],
    [mode, 'cores: helpers', helperCores(d), helperCores(s), '', ''],
    [mode, 'cores: other work', otherCores(d), otherCores(s), '', ''],
    [mode, 'path CPU s per GiB', pd, ps, ps / pd, ''],
  ];
  // The iptables proxier forwards nothing itself: its packets cost kernel time no process is charged with.
  if (mode !== 'iptables')
    rows.push([mode, 'proxy CPU s per GiB', '', perGiB(both(s.proxy), s.bytes), '', '']);
  return rows;
}
