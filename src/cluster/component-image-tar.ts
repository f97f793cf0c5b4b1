// The files of an image as a streamed tar: plan() turns sources (host files, whole folders, literal text)
// into entries with their stats — enough to fingerprint the image without reading a byte — and tarChunks()
// reads each file only when its turn comes, through the shared ustar writer, so a 100 MB node binary is never
// held twice and a tree of thousands of files never whole in memory.
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeTar, type TarEntry } from '../kubelet/images';
import { keepPackageFile, type RootfsSource } from './component-image-rootfs';

/** A file of the image with its host source, read only when the tar is written. */
export type Planned =
  | { type: 'dir'; path: string; mode: number }
  | { type: 'file'; path: string; from?: string; text?: string; mode: number; size: number; mtimeMs: number }
  | { type: 'symlink'; path: string; target: string };

function walk(from: string, to: string, keep: (rel: string) => boolean, out: Planned[], rel = ''): void {
  for (const name of readdirSync(path.join(from, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const full = path.join(from, r);
    const st = lstatSync(full);
    if (st.isDirectory()) {
      if (keep(`${r}/`)) walk(from, to, keep, out, r);
    } else if (!keep(r)) {
      continue;
    } else if (st.isSymbolicLink()) {
      const target = readlinkSync(full);
      // A link out of the tree would point at nothing inside the image: copy what it points at instead.
      if (!path.isAbsolute(target)) out.push({ type: 'symlink', path: `${to}/${r}`, target });
      else if (existsSync(full)) out.push(fileOf(`${to}/${r}`, full));
    } else if (st.isFile()) {
      out.push({
        type: 'file',
        path: `${to}/${r}`,
        from: full,
        mode: st.mode & 0o777,
        size: st.size,
        mtimeMs: st.mtimeMs,
      });
    }
  }
}

function fileOf(to: string, from: string, mode?: number): Planned {
  const st = statSync(from); // follows links: a library's soname link gives the library itself
  return { type: 'file', path: to, from, mode: mode ?? st.mode & 0o777, size: st.size, mtimeMs: st.mtimeMs };
}

/** Every entry of the image, parent folders first. */
export function plan(sources: RootfsSource[]): Planned[] {
  const files: Planned[] = [];
  const dirs = new Map<string, number>();
  for (const s of sources) {
    if (s.kind === 'dir') dirs.set(s.path, s.mode);
    else if (s.kind === 'text')
      files.push({ type: 'file', path: s.path, text: s.text, mode: 0o644, size: s.text.length, mtimeMs: 0 });
    else if (s.kind === 'file') files.push(fileOf(s.path, s.from, s.mode));
    else walk(s.from, s.path, s.path.includes('node_modules/') ? keepPackageFile : () => true, files);
  }
  for (const f of files)
    for (let d = path.posix.dirname(f.path); d !== '.'; d = path.posix.dirname(d))
      if (!dirs.has(d)) dirs.set(d, 0o755);
  const dirEntries: Planned[] = [...dirs].sort().map(([p, mode]) => ({ type: 'dir', path: p, mode }));
  return [...dirEntries, ...files];
}

/** The archive as a stream: each entry is a one-entry archive of the shared writer without its end marker. */
export async function* tarChunks(entries: Planned[]): AsyncGenerator<Buffer> {
  for (const e of entries) {
    let entry: TarEntry;
    if (e.type === 'file') {
      const data = e.text !== undefined ? Buffer.from(e.text) : readFileSync(e.from!);
      entry = { type: 'file', path: e.path, data, mode: e.mode };
    } else entry = e;
    const tar = writeTar([entry]);
    yield tar.subarray(0, tar.length - 1024);
  }
  yield Buffer.alloc(1024);
}

/** The regular files among the entries, for a fingerprint. */
export const filesOf = (entries: Planned[]) =>
  entries.flatMap((e) => (e.type === 'file' ? [{ path: e.path, size: e.size, mtimeMs: e.mtimeMs }] : []));
