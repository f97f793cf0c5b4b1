// runningPid's reading of /proc: a process whose command line reads empty is a component in the middle of an
// execve (bin/k8ts execs env → bash → node) unless it is a kernel thread, which a reused PID may be.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { midExec } from './processes';

const kthreadd = existsSync('/proc/2/stat') && readFileSync('/proc/2/stat', 'utf8').includes('(kthreadd)');

describe('midExec', () => {
  it('counts a user process (not a kernel thread) as one that may be mid-execve', () => {
    expect(midExec(process.pid)).toBe(true);
  });

  it.skipIf(!kthreadd)('never takes a kernel thread (empty command line too) for one of ours', () => {
    expect(midExec(2)).toBe(false);
  });

  it('is false for a PID that does not exist', () => {
    expect(midExec(2 ** 22 + 1)).toBe(false);
  });
});
