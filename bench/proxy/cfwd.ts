// The C forwarder of the proxy benchmark (bench/proxy/cfwd.c), compiled with the host's `cc` into a temp
// directory for one run — never committed as a binary. It is the floor of what any userspace forwarder costs
// in kernel work: `c-splice` moves bytes socket → pipe → socket with splice(2) as Go's io.Copy does between
// two TCP connections, `c-rw` with read(2)/write(2) through one user buffer. Without a compiler the modes are
// skipped, not failed.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const source = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cfwd.c');

/** The modes served by the C forwarder, and the copy loop each one runs. */
export const C_MODES: Record<string, 'splice' | 'rw'> = { 'c-splice': 'splice', 'c-rw': 'rw' };

/** Pipe size (splice) or user buffer (rw) in bytes; 64 KiB is the default pipe, as Go's splice uses. */
export const CFWD_BYTES = Number(process.env.K8TS_BENCH_PROXY_CFWD_BYTES ?? 64 * 1024);

export interface BuiltForwarder {
  binary: string;
  remove(): Promise<void>;
}

/** Compiles the forwarder; `missing` says why when there is no working `cc`. */
export async function buildForwarder(): Promise<BuiltForwarder | { missing: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'k8ts-cfwd-'));
  const binary = path.join(dir, 'cfwd');
  try {
    await exec('cc', ['-O2', '-pthread', '-o', binary, source]);
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    return { missing: `cannot compile bench/proxy/cfwd.c with cc: ${(err as Error).message.split('\n')[0]}` };
  }
  return { binary, remove: () => rm(dir, { recursive: true, force: true }) };
}
