// The root filesystem of k8ts' local images: Debian's static busybox, its applet symlinks (as the binary itself
// lists them with `--list-full`), a minimal /etc/passwd and /etc/group, and a sticky /tmp.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TarEntry } from './tar-writer';

/** Where Debian's busybox-static installs the binary. */
export const DEFAULT_BUSYBOX = '/bin/busybox';

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** Pure part: the entries for a busybox binary and its applet list. */
export function rootfsEntries(busybox: Buffer, applets: readonly string[]): TarEntry[] {
  const files = new Map<string, TarEntry>();
  const dirs = new Set(['bin', 'etc', 'root', 'tmp']);
  files.set('bin/busybox', { type: 'file', path: 'bin/busybox', data: busybox, mode: 0o755 });
  files.set('etc/passwd', { type: 'file', path: 'etc/passwd', data: Buffer.from(PASSWD) });
  files.set('etc/group', { type: 'file', path: 'etc/group', data: Buffer.from(GROUP) });
  for (const raw of applets) {
    const applet = raw.trim().replace(/^\/+/, '');
    if (!applet || files.has(applet)) continue;
    for (let d = path.posix.dirname(applet); d !== '.'; d = path.posix.dirname(d)) dirs.add(d);
    files.set(applet, { type: 'symlink', path: applet, target: '/bin/busybox' });
  }
  const dirEntries: TarEntry[] = [...dirs]
    .sort()
    .map((d) => ({ type: 'dir', path: d, mode: d === 'tmp' ? 0o1777 : d === 'root' ? 0o700 : 0o755 }));
  const fileEntries = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  return [...dirEntries, ...fileEntries];
}

/** Reads the host's busybox and asks it for its applets. */
export async function busyboxRootfs(busyboxPath = DEFAULT_BUSYBOX): Promise<TarEntry[]> {
  const binary = await readFile(busyboxPath).catch((err: NodeJS.ErrnoException) => {
    throw new Error(
      `cannot build the busybox image: ${busyboxPath}: ${err.code ?? err.message} (install Debian's busybox-static)`,
    );
  });
  const { stdout } = await promisify(execFile)(busyboxPath, ['--list-full']);
  return rootfsEntries(binary, stdout.split('\n'));
}
