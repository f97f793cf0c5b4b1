// `k8ts scale rc/x --replicas N` (also `scale rc x`): sets the replica count through the scale subresource,
// as kubectl does; the replication controller then adds or removes pods.
import type { Command } from 'commander';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { parseTargets } from './resources';
import type { Session } from './session';
import { UsageError } from './usage-error';

interface ScaleFlags extends GlobalFlags {
  replicas: string;
}

export function registerScale(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('scale')
    .description('set the number of replicas of a replication controller')
    .argument('<type[/name]...>', 'e.g. rc/frontend or `rc frontend`')
    .requiredOption('--replicas <n>', 'the new number of replicas');
  addGlobalFlags(cmd).action((args: string[], f: ScaleFlags) =>
    runVerb(io, f, (s) => scale(s, args, f.replicas)),
  );
}

export async function scale(s: Session, args: string[], replicas: string): Promise<number> {
  const n = Number(replicas);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--replicas must be a whole number >= 0, not "${replicas}"`);
  for (const t of parseTargets(args)) {
    if (!t.name)
      throw new UsageError('give the name of what to scale, e.g. `scale rc/frontend --replicas 3`');
    if (t.info.resource !== 'replicationcontrollers')
      throw new UsageError(`${t.info.resource} cannot be scaled; only replicationcontrollers (rc) can`);
    await s.client.patchScale(t.info.resource, s.namespace, t.name, n);
    s.io.out(`${t.info.singular}/${t.name} scaled\n`);
  }
  return 0;
}
