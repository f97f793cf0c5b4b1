// The CPU budget's arithmetic: per-create costs, "others", the ceiling and what 0.7× would need.
import { describe, expect, it } from 'vitest';
import { cpuBudgetNotes } from './cpu-budget';
import type { ThroughputResult } from './throughput';

const result = (cpu: ThroughputResult['cpu']): ThroughputResult => ({
  rawStoreOps: 10_000,
  apiOps: 1_000,
  cpuMsPerCreate: NaN,
  createP50: 1,
  createP99: 2,
  getOps: 1,
  getP99: 1,
  healthzOps: 1,
  cpu,
});

describe('cpuBudgetNotes', () => {
  it('divides each process’s CPU by the creates, and the cores by their sum', () => {
    const lines = cpuBudgetNotes(
      [
        {
          store: 'etcd',
          clients: 16,
          r: result({
            // store path: 1,000 creates costing 200 ms in the bench process and 300 ms in etcd
            store: { ops: 1000, tally: { byProcess: { bench: 200, apiserver: 0, etcd: 300 }, machine: 600 } },
            // API path: 500 creates, 2 ms each in all (0.5 + 1 + 0.5), 0.4 ms each used by others
            api: { ops: 500, tally: { byProcess: { bench: 250, apiserver: 500, etcd: 250 }, machine: 1200 } },
          }),
        },
      ],
      2,
    );
    const row = (path: string) =>
      lines
        .find((l) => l.includes(` ${path} `))!
        .trim()
        .split(/\s+/);
    // store clients path creates/s bench apiserver etcd ours machine others ceiling/s
    expect(row('store')).toEqual([
      'etcd',
      '16',
      'store',
      '10,000',
      '0.200',
      '0.000',
      '0.300',
      '0.500',
      '0.600',
      '0.100',
      '4,000',
    ]);
    expect(row('API')).toEqual([
      'etcd',
      '16',
      'API',
      '1,000',
      '0.500',
      '1.000',
      '0.500',
      '2.000',
      '2.400',
      '0.400',
      '1,000',
    ]);
    // 2 cores / 2 ms = 1,000/s = 0.10× the store's 10,000/s; 0.7× = 7,000/s needs 2000/7000 ≈ 0.286 ms
    expect(lines.join('\n')).toContain('at most 1,000/s on 2 cores = 0.10× the store');
    expect(lines.join('\n')).toContain('0.7× needs ≤ 0.286 CPU-ms per create (7.0× less)');
    // others: 0.1 ms per create at 10,000/s on the store path = 1 of the 2 cores
    expect(lines.join('\n')).toContain('[shared host: others used 50% of its CPU');
  });

  it('leaves the etcd column empty without etcd, flags no quiet host, and prints nothing without measurements', () => {
    const spent = { ops: 100, tally: { byProcess: { bench: 10, apiserver: 20 }, machine: 30 } };
    const lines = cpuBudgetNotes(
      [{ store: 'sqlite', clients: 64, r: result({ store: spent, api: spent }) }],
      2,
    );
    expect(
      lines
        .find((l) => l.includes(' API '))!
        .trim()
        .split(/\s+/)[6],
    ).toBe('-');
    expect(lines.join('\n')).not.toContain('shared host'); // nobody else used the CPU
    expect(cpuBudgetNotes([{ store: 'sqlite', clients: 64, r: result(undefined) }], 2)).toEqual([]);
  });
});
