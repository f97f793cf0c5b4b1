// Objects from `-f FILE|DIR|-`: YAML (multi-document) or JSON; a directory gives its .yaml/.yml/.json files in
// name order; `kind: List` is unrolled. Each object keeps where it came from, for error messages.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Io } from './io';
import { resolveResource } from './resources';
import { UsageError } from './usage-error';

export interface Manifest {
  obj: KubeObject;
  info: ResourceInfo;
  source: string;
}

export async function readManifests(files: string[], io: Io): Promise<Manifest[]> {
  if (!files.length) throw new UsageError('must specify one of -f and -k (give -f FILE, -f DIR or -f -)');
  const out: Manifest[] = [];
  for (const f of files) {
    for (const file of expand(f)) {
      const text = file === '-' ? await io.readStdin() : io.readFile(file);
      out.push(...parseManifests(text, file === '-' ? 'STDIN' : file));
    }
  }
  if (!out.length) throw new UsageError(`no objects passed to apply (nothing in ${files.join(', ')})`);
  return out;
}

function expand(f: string): string[] {
  if (f === '-' || !statSync(f, { throwIfNoEntry: false })?.isDirectory()) return [f];
  return readdirSync(f)
    .filter((n) => /\.(ya?ml|json)$/.test(n))
    .sort()
    .map((n) => path.join(f, n));
}

export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new UsageError(`error parsing ${source}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as KubeObject | null;
    if (!value) continue;
    const objs = value.kind === 'List' ? ((value.items as KubeObject[]) ?? []) : [value];
    for (const obj of objs) {
      if (!obj.kind) throw new UsageError(`error validating ${source}: Object 'Kind' is missing`);
      out.push({ obj, info: resolveResource(obj.kind), source });
    }
  }
  return out;
}
