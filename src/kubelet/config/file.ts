// FileSource (--manifest-path): a manifest file, or a directory of them (*.yaml, *.yml, *.json; hidden files
// and subdirectories ignored), re-read every `intervalMs` (20 s, --file-check-frequency). Polling alone is
// correct: each check re-reads everything and emits the full set, so a file added, changed or removed is
// acted upon at the next check.
//
// A file that becomes invalid keeps its last good pods and is reported at every check until fixed: a
// half-written save or a typo must not kill a running pod (delete the file to stop it). A file that was never
// valid contributes no pods. Either way the other files' pods are untouched.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errors } from '../../api/errors';
import type { Pod } from '../../api/types';
import { realClock, type Clock } from '../../util';
import { sourceError, staticPodsFrom } from './manifests';
import { Poller } from './poller';
import type { PodSource, SourceError, SourceUpdate } from './types';

/** As for POST /pods and request bodies: 3 MiB. */
export const MAX_MANIFEST_BYTES = 3 * 1024 * 1024;
export interface FileSourceOptions {
  /** A manifest file or a directory of manifests. */
  path: string;
  nodeName: string;
  intervalMs?: number;
  clock?: Clock;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

export class FileSource implements PodSource {
  readonly name = 'file';
  private readonly poller: Poller;
  /** The last good pods of each file still present. */
  private lastGood = new Map<string, Pod[]>();
  private emit: (update: SourceUpdate) => void = () => {};

  constructor(private readonly options: FileSourceOptions) {
    this.poller = new Poller(options.clock ?? realClock, options.intervalMs ?? 20_000, () => this.check());
  }

  start(emit: (update: SourceUpdate) => void): void {
    this.emit = emit;
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  private async check(): Promise<void> {
    const errs: SourceError[] = [];
    const files = await this.manifestFiles(errs);
    const next = new Map<string, Pod[]>();
    for (const file of files) {
      const pods = await this.readFile(file, errs);
      if (pods) next.set(file, pods);
    }
    this.lastGood = next;
    this.emit({ source: this.name, pods: [...next.values()].flat(), errors: errs });
  }

  /** The files to read now: the path itself, or the manifest files of the directory in name order. */
  private async manifestFiles(errs: SourceError[]): Promise<string[]> {
    const root = this.options.path;
    try {
      if (!(await stat(root)).isDirectory()) return [root];
      const names = (await readdir(root)).filter((n) => !n.startsWith('.') && MANIFEST_FILE.test(n)).sort();
      const files: string[] = [];
      for (const name of names) {
        const file = path.join(root, name);
        const info = await stat(file).catch(() => undefined); // removed meanwhile, or a dangling symlink
        if (info?.isFile()) files.push(file);
      }
      return files;
    } catch (e) {
      const err = isMissing(e)
        ? errors.notFound('manifest path', root)
        : errors.internal(`reading manifest path ${JSON.stringify(root)}: ${(e as Error).message}`);
      errs.push(sourceError(this.name, root, err));
      return [];
    }
  }

  /** The file's pods; its last good pods if it is now invalid; undefined if it is gone or never was valid. */
  private async readFile(file: string, errs: SourceError[]): Promise<Pod[] | undefined> {
    let text: string;
    try {
      // Checked before reading: a huge file re-read every check would hold its whole text in memory each time.
      const { size } = await stat(file);
      if (size > MAX_MANIFEST_BYTES)
        throw new Error(
          `file is ${size} bytes; manifests larger than ${MAX_MANIFEST_BYTES} bytes are refused`,
        );
      text = await readFile(file, 'utf8');
    } catch (e) {
      if (isMissing(e)) return undefined; // removed between listing and reading: gone
      errs.push(sourceError(this.name, file, e));
      return this.lastGood.get(file);
    }
    try {
      return staticPodsFrom(text, file, this.name, this.options.nodeName);
    } catch (e) {
      errs.push(sourceError(this.name, file, e));
      return this.lastGood.get(file);
    }
  }
}
