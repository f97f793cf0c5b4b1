// `k8ts create -f FILE|DIR|-`: creates every object in the manifests, printing `pod/x created` for each.
import type { Command } from 'commander';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { readManifests } from './manifests';
import { refOf } from './resources';
import type { Session } from './session';

export interface FileFlags extends GlobalFlags {
  filename: string[];
}

export const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerCreate(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('create')
    .description('create the objects in a file, a directory of files, or stdin (-f -)')
    .requiredOption(
      '-f, --filename <file>',
      'YAML or JSON file, directory, or - for stdin (repeatable)',
      collect,
    );
  addGlobalFlags(cmd).action((f: FileFlags) => runVerb(io, f, (s) => create(s, f.filename)));
}

export async function create(s: Session, files: string[]): Promise<number> {
  for (const m of await readManifests(files, s.io)) {
    const ns = m.info.namespaced ? (m.obj.metadata?.namespace ?? s.namespace) : undefined;
    const made = await s.client.create(m.info.resource, ns, m.obj, { fieldManager: 'k8ts-create' });
    s.io.out(`${refOf(m.info, made.metadata?.name ?? '')} created\n`);
  }
  return 0;
}
