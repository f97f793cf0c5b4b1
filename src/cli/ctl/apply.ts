// `k8ts apply -f FILE|DIR|-`: makes the cluster match the manifests, as kubectl's client-side apply does.
// Missing objects are created; existing ones get a merge patch from the last applied configuration (kept in
// the kubectl.kubernetes.io/last-applied-configuration annotation) to the new one; a file that did not change
// since the last apply is `unchanged` and nothing is written.
import type { Command } from 'commander';
import { isNotFound } from '../../api/errors';
import type { KubeObject } from '../../api/types';
import { runVerb } from './action';
import { collect, type FileFlags } from './create';
import { addGlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { readManifests, type Manifest } from './manifests';
import { refOf } from './resources';
import type { Session } from './session';
import { threeWayPatch } from './three-way';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function registerApply(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('apply')
    .description('create or update the objects in a file, a directory of files, or stdin (-f -)')
    .requiredOption(
      '-f, --filename <file>',
      'YAML or JSON file, directory, or - for stdin (repeatable)',
      collect,
    );
  addGlobalFlags(cmd).action((f: FileFlags) => runVerb(io, f, (s) => apply(s, f.filename)));
}

export async function apply(s: Session, files: string[]): Promise<number> {
  for (const m of await readManifests(files, s.io))
    s.io.out(`${refOf(m.info, m.obj.metadata?.name ?? '')} ${await applyOne(s, m)}\n`);
  return 0;
}

async function applyOne(s: Session, m: Manifest): Promise<'created' | 'configured' | 'unchanged'> {
  const name = m.obj.metadata?.name ?? '';
  const ns = m.info.namespaced ? (m.obj.metadata?.namespace ?? s.namespace) : undefined;
  const desired: KubeObject = { ...m.obj, metadata: { ...m.obj.metadata, ...(ns ? { namespace: ns } : {}) } };
  const lastApplied = `${JSON.stringify(desired)}\n`;
  const annotate = (o: KubeObject): KubeObject => ({
    ...o,
    metadata: { ...o.metadata, annotations: { ...o.metadata?.annotations, [LAST_APPLIED]: lastApplied } },
  });
  let live: KubeObject;
  try {
    live = await s.client.get<KubeObject>(m.info.resource, ns, name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
    await s.client.create(m.info.resource, ns, annotate(desired), { fieldManager: 'k8ts-apply' });
    return 'created';
  }
  const previous = live.metadata?.annotations?.[LAST_APPLIED];
  if (previous === lastApplied) return 'unchanged';
  const patch = threeWayPatch(previous ? JSON.parse(previous) : {}, annotate(desired));
  await s.client.patch(m.info.resource, ns, name, 'merge', patch, { fieldManager: 'k8ts-apply' });
  return 'configured';
}
