// What goes into the root filesystem of the control-plane base image (pure; component-image.ts reads the disk):
// the host's node binary and every shared library `ldd` lists for it and for native addons, a static busybox
// as /bin/sh (the entrypoint only redirects output to the log file, then execs node), /etc/passwd and
// /etc/group, a sticky /tmp, and the release tree under /opt/k8ts — the built dashboard, package.json and the
// production packages of package-lock.json (what `npm ci --omit=dev` would install). The bundle (dist/),
// which changes with every source edit, is a small layer of each component image on top. The tree has
// package.json and no src/, so the bundle finds the dashboard as a release does.
import { createHash } from 'node:crypto';
import path from 'node:path';

/** Where things live inside the image. */
export const IMAGE_NODE = '/usr/local/bin/node';
export const IMAGE_TREE = '/opt/k8ts';
export const IMAGE_MAIN = `${IMAGE_TREE}/dist/main.js`;

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

/** One thing the image holds: a host file copied to a path, a host folder copied whole, or literal text. */
export type RootfsSource =
  | { kind: 'file'; path: string; from: string; mode?: number }
  | { kind: 'tree'; path: string; from: string }
  | { kind: 'text'; path: string; text: string }
  | { kind: 'dir'; path: string; mode: number };

/** The absolute paths of the libraries in `ldd` output, the dynamic loader included (no vdso, which the
 * kernel maps). Throws on a missing library: an image without it would fail only when a component starts. */
export function parseLdd(output: string): string[] {
  const libs: string[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line || line.includes('statically linked') || line.startsWith('linux-vdso')) continue;
    if (/=>\s*not found/.test(line)) throw new Error(`a shared library is missing on this machine: ${line}`);
    const m = /=>\s*(\/\S+)\s*\(/.exec(line) ?? /^(\/\S+)\s*\(/.exec(line);
    if (m && !libs.includes(m[1]!)) libs.push(m[1]!);
  }
  return libs;
}

interface LockPackage {
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

/** The production packages of an npm v2/v3 lockfile: its `node_modules/…` keys not marked dev. */
export function productionPackages(lock: { packages?: Record<string, LockPackage> }): string[] {
  return Object.entries(lock.packages ?? {})
    .filter(([key, p]) => key.startsWith('node_modules/') && !p.dev && !p.devOptional)
    .map(([key]) => key)
    .sort();
}

/** Inside a package: what a running component never reads (docs, type declarations, source maps of
 * dependencies, a native addon's sources and object files). Nested node_modules are packages of their own. */
export function keepPackageFile(rel: string): boolean {
  if (rel.split('/').includes('node_modules')) return false;
  if (/(^|\/)build\/Release\/(obj|obj\.target|\.deps)\//.test(rel)) return false;
  return !/\.(md|markdown|d\.[cm]?ts|map|c|cc|cpp|h|hpp|o|a|gyp|gypi)$/i.test(rel);
}

export interface RootfsInputs {
  /** The host's node binary. */
  node: string;
  /** Shared libraries from parseLdd of node and of every native addon. */
  libraries: string[];
  /** A static busybox, installed as /bin/sh. */
  busybox: string;
  /** The release tree's parts on the host (the bundle goes in the component images). */
  dashboard?: string;
  packageJson: string;
  /** The checkout (or release) holding node_modules, and the package keys to copy from it. */
  root: string;
  packages: string[];
}

/** The base image's contents. */
export function rootfsSources(i: RootfsInputs): RootfsSource[] {
  const libs = [...new Set(i.libraries)].sort();
  const out: RootfsSource[] = [
    { kind: 'dir', path: 'tmp', mode: 0o1777 },
    { kind: 'dir', path: 'root', mode: 0o700 },
    { kind: 'text', path: 'etc/passwd', text: PASSWD },
    { kind: 'text', path: 'etc/group', text: GROUP },
    { kind: 'file', path: 'bin/sh', from: i.busybox, mode: 0o755 },
    { kind: 'file', path: IMAGE_NODE.slice(1), from: i.node, mode: 0o755 },
    ...libs.map((lib) => ({ kind: 'file' as const, path: lib.slice(1), from: lib, mode: 0o755 })),
    { kind: 'file', path: `${IMAGE_TREE.slice(1)}/package.json`, from: i.packageJson },
  ];
  if (i.dashboard) out.push({ kind: 'tree', path: `${IMAGE_TREE.slice(1)}/dashboard`, from: i.dashboard });
  for (const key of i.packages)
    out.push({ kind: 'tree', path: `${IMAGE_TREE.slice(1)}/${key}`, from: path.join(i.root, key) });
  return out;
}

/** A short content fingerprint of the image from what each file is (path, size, mtime) and the build recipe:
 * the same inputs give the same tag, so an up-to-date image is never rebuilt. */
export function fingerprint(
  files: { path: string; size: number; mtimeMs: number }[],
  recipe: string,
): string {
  const h = createHash('sha256').update(recipe);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1)))
    h.update(`\0${f.path}\0${f.size}\0${Math.trunc(f.mtimeMs)}`);
  return h.digest('hex').slice(0, 12);
}
