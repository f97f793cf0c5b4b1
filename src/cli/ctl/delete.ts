// `k8ts delete`: by name (`delete pod x`, `delete pod/x svc/y`), by file (-f) or by selector (-l, --all),
// printing `pod "x" deleted` for each. It does not wait for graceful deletion to finish (kubectl --wait=false).
import type { Command } from 'commander';
import type { ResourceInfo } from '../../api/resources';
import { runVerb } from './action';
import { collect } from './create';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { readManifests } from './manifests';
import { parseTargets } from './resources';
import { namespaceFor, type Session } from './session';
import { UsageError } from './usage-error';

interface DeleteFlags extends GlobalFlags {
  filename?: string[];
  selector?: string;
  all?: boolean;
  gracePeriod?: string;
}

export function registerDelete(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('delete')
    .description('delete objects by type and name, by file (-f) or by label selector (-l)')
    .argument('[type[/name]...]', 'e.g. `pod web-1`, `rc/fe`, `pods -l app=web`')
    .option('-f, --filename <file>', 'delete the objects in this file, directory or stdin (-)', collect)
    .option('-l, --selector <sel>', 'delete every object of the type that matches')
    .option('--all', 'delete every object of the type in the namespace')
    .option('--grace-period <seconds>', 'seconds the pods get to stop (0: at once)');
  addGlobalFlags(cmd, { allNamespaces: true }).action((args: string[], f: DeleteFlags) =>
    runVerb(io, f, (s) => del(s, args, f)),
  );
}

async function del(s: Session, args: string[], f: DeleteFlags): Promise<number> {
  const grace = f.gracePeriod === undefined ? undefined : Number(f.gracePeriod);
  const one = async (info: ResourceInfo, ns: string | undefined, name: string) => {
    await s.client.delete(info.resource, ns, name, {
      gracePeriodSeconds: grace,
      propagationPolicy: 'Background',
    });
    s.io.out(`${info.singular} "${name}" deleted\n`);
  };
  if (f.filename?.length) {
    for (const m of await readManifests(f.filename, s.io)) {
      const ns = m.info.namespaced ? (m.obj.metadata?.namespace ?? s.namespace) : undefined;
      await one(m.info, ns, m.obj.metadata?.name ?? '');
    }
    return 0;
  }
  const targets = parseTargets(args);
  const named = targets.filter((t) => t.name);
  if (named.length && (f.selector || f.all))
    throw new UsageError('name cannot be provided when a selector or --all is specified');
  if (!named.length && !f.selector && !f.all)
    throw new UsageError(
      'resource(s) were provided, but no name was specified: give names, -l SELECTOR or --all',
    );
  let count = 0;
  for (const t of targets) {
    if (t.name) {
      await one(t.info, namespaceFor(s, t), t.name);
      continue;
    }
    const list = await s.client.listAll(t.info.resource, namespaceFor(s, t), { labelSelector: f.selector });
    for (const obj of list.items) {
      await one(t.info, obj.metadata?.namespace, obj.metadata?.name ?? '');
      count++;
    }
  }
  if (!named.length && count === 0) s.io.err('No resources found\n');
  return 0;
}
