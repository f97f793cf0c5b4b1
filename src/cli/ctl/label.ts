// `k8ts label <type> <name> k=v k2- [--overwrite]`: adds, changes (with --overwrite) or removes (`k-`) labels
// with a merge patch, as kubectl does; changing an existing value without --overwrite is refused.
import type { Command } from 'commander';
import type { KubeObject } from '../../api/types';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { parseTargets } from './resources';
import { namespaceFor, type Session } from './session';
import { UsageError } from './usage-error';

interface LabelFlags extends GlobalFlags {
  overwrite?: boolean;
}

export function registerLabel(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('label')
    .description('add, change or remove labels: `label pod web-1 tier=fe env-`')
    .argument('<args...>', 'type name (or type/name), then key=value to set and key- to remove')
    .option('--overwrite', 'allow changing a label that already has a value');
  addGlobalFlags(cmd).action((args: string[], f: LabelFlags) => runVerb(io, f, (s) => label(s, args, f)));
}

export function parseLabelArgs(args: string[]): {
  set: Record<string, string>;
  remove: string[];
  rest: string[];
} {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const rest: string[] = [];
  for (const a of args) {
    if (a.includes('=')) {
      const [k, ...v] = a.split('=');
      set[k!] = v.join('=');
    } else if (a.endsWith('-') && rest.length > 0) remove.push(a.slice(0, -1));
    else rest.push(a);
  }
  return { set, remove, rest };
}

async function label(s: Session, args: string[], f: LabelFlags): Promise<number> {
  const { set, remove, rest } = parseLabelArgs(args);
  if (!Object.keys(set).length && !remove.length)
    throw new UsageError('at least one label update is required (key=value or key-)');
  for (const t of parseTargets(rest)) {
    if (!t.name) throw new UsageError(`give the name of the ${t.info.singular} to label`);
    const ns = namespaceFor(s, t);
    const live = await s.client.get<KubeObject>(t.info.resource, ns, t.name);
    const labels = live.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(set)) {
      if (!f.overwrite && k in labels && labels[k] !== v)
        throw new UsageError(`'${k}' already has a value (${labels[k]}), and --overwrite is false`);
    }
    const patch: Record<string, string | null> = { ...set };
    for (const k of remove) patch[k] = null;
    const unchanged =
      Object.entries(set).every(([k, v]) => labels[k] === v) && remove.every((k) => !(k in labels));
    if (!unchanged)
      await s.client.patch(
        t.info.resource,
        ns,
        t.name,
        'merge',
        { metadata: { labels: patch } },
        { fieldManager: 'k8ts-label' },
      );
    s.io.out(`${t.info.singular}/${t.name} ${unchanged ? 'not labeled' : 'labeled'}\n`);
  }
  return 0;
}
