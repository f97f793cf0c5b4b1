import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STOP, catches, endShims, signalNumber, stopSettings } from './dockerd-orphans';

const { SIGTERM, SIGUSR1, SIGKILL } = constants.signals;

describe('signalNumber', () => {
  it('reads a stop signal the ways a container config names it', () => {
    expect(signalNumber('SIGTERM')).toBe(SIGTERM);
    expect(signalNumber('usr1')).toBe(SIGUSR1);
    expect(signalNumber('9')).toBe(9);
    expect(signalNumber('SIGNOPE')).toBeUndefined();
    expect(signalNumber(undefined)).toBeUndefined();
  });
});

describe('catches', () => {
  it('is true only when SigCgt has the signal bit', () => {
    // bit 14 (SIGTERM - 1) = 0x4000; bit 9 (SIGUSR1 - 1) = 0x200
    const status = (cgt: string) => `Name:\tsh\nSigIgn:\t0000000000004000\nSigCgt:\t${cgt}\n`;
    expect(catches(status('0000000000004002'), SIGTERM)).toBe(true);
    expect(catches(status('0000000000000200'), SIGTERM)).toBe(false); // ignoring is not catching
    expect(catches(status('0000000000000200'), SIGUSR1)).toBe(true);
    expect(catches('Name:\tgone\n', SIGTERM)).toBe(false);
  });
});

describe('stopSettings', () => {
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'k8ts-orphans-'));
  afterEach(() => rmSync(dataRoot, { recursive: true, force: true }));
  const write = (id: string, config: object) => {
    mkdirSync(`${dataRoot}/containers/${id}`, { recursive: true });
    writeFileSync(`${dataRoot}/containers/${id}/config.v2.json`, JSON.stringify({ Config: config }));
  };

  it("uses the container's own stop signal and timeout, as dockerd would", () => {
    write('a', { StopSignal: 'SIGUSR1', StopTimeout: 3 });
    expect(stopSettings(dataRoot, 'a')).toEqual({ signal: SIGUSR1, timeoutMs: 3000 });
  });

  it("falls back to dockerd's SIGTERM and 10 s, also for a task dockerd never recorded", () => {
    write('b', { StopTimeout: null });
    expect(stopSettings(dataRoot, 'b')).toEqual(DEFAULT_STOP);
    expect(stopSettings(dataRoot, 'never-recorded')).toEqual(DEFAULT_STOP);
    expect(DEFAULT_STOP).toEqual({ signal: SIGTERM, timeoutMs: 10_000 });
  });
});

// A stand-in shim: a shell whose children are "containers" with the given SIGTERM dispositions.
function fakeShim(children: string[]): ChildProcess {
  const script = children.map((c) => `sh -c '${c}' &`).join(' ') + ' wait';
  return spawn('sh', ['-c', script], { stdio: 'ignore' });
}

const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

const statusOf = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
};
/** Ended: no such process, or a zombie (dead, only not yet reaped). */
const gone = (pid: number) => [undefined, 'Z'].includes(/^State:\s+(\S)/m.exec(statusOf(pid))?.[1]);

/** Until the shim has `n` children whose TERM traps are set (caught or ignored). */
async function settled(shim: ChildProcess, n: number): Promise<number[]> {
  const traps = (pid: number) => /^Sig(Cgt|Ign):\s*[0-9a-f]*[4-7c-f][0-9a-f]{3}$/m.test(statusOf(pid));
  for (
    const deadline = Date.now() + 5000;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 10))
  ) {
    const kids = childrenOf(shim.pid!);
    if (kids.length === n && kids.every(traps)) return kids;
  }
  throw new Error('fake shim did not start its children');
}

describe('endShims', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'k8ts-orphans-run-'));
  const shims: ChildProcess[] = [];
  afterEach(() => {
    for (const s of shims.splice(0)) {
      for (const kid of childrenOf(s.pid!)) process.kill(kid, SIGKILL);
      s.kill('SIGKILL');
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const loop = 'while :; do sleep 0.05; done';

  it('kills at once what cannot handle the stop signal instead of waiting out the timeout', async () => {
    const shim = fakeShim([`trap "" TERM; ${loop}`]);
    shims.push(shim);
    const [kid] = await settled(shim, 1);
    const started = Date.now();
    const ended = await endShims([{ pid: shim.pid!, id: 'x' }], () => DEFAULT_STOP);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ended).toEqual({ containers: 1, shims: 1 });
    expect(gone(kid!)).toBe(true);
    expect(gone(shim.pid!)).toBe(true);
  });

  it('sends the stop signal to what handles it, and SIGKILL after the timeout', async () => {
    const log = path.join(dir, 'signals');
    const shim = fakeShim([
      `trap "echo polite >> ${log}; exit 0" TERM; ${loop}`,
      `trap "echo stubborn >> ${log}" TERM; ${loop}`,
    ]);
    shims.push(shim);
    const kids = await settled(shim, 2);
    const started = Date.now();
    const ended = await endShims([{ pid: shim.pid!, id: 'x' }], () => ({ signal: SIGTERM, timeoutMs: 300 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // the stubborn one had its full timeout
    expect(ended).toEqual({ containers: 2, shims: 1 });
    expect(readFileSync(log, 'utf8').split('\n').sort()).toEqual(['', 'polite', 'stubborn']);
    expect(kids.every(gone)).toBe(true);
    expect(gone(shim.pid!)).toBe(true);
  });

  it('does nothing without shims', async () => {
    expect(await endShims([], () => DEFAULT_STOP)).toEqual({ containers: 0, shims: 0 });
  });
});
