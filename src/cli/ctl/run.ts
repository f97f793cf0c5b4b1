// `k8ts run NAME --image I`: one pod labelled run=NAME, as kubectl run makes; with --replicas N a replication
// controller of N such pods instead (what `kubectl run` did in 2014). --port sets the container port,
// --labels replaces the default label, words after `--` are the container's arguments.
import type { Command } from 'commander';
import type { Container, Pod, ReplicationController } from '../../api/types';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import type { Session } from './session';
import { UsageError } from './usage-error';

interface RunFlags extends GlobalFlags {
  image: string;
  replicas?: string;
  port?: string;
  labels?: string;
}

export function registerRun(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('run')
    .description('run an image: one pod, or with --replicas N a replication controller of N pods')
    .argument('<name>', 'name of the pod (or replication controller)')
    .argument('[args...]', 'after --: arguments for the container')
    .requiredOption('--image <image>', 'the container image')
    .option('--replicas <n>', 'make a replication controller with this many pods')
    .option('--port <port>', 'the port the container listens on')
    .option('-l, --labels <k=v,...>', 'labels for the pods (default run=NAME)');
  addGlobalFlags(cmd).action((name: string, args: string[], f: RunFlags) =>
    runVerb(io, f, (s) => run(s, name, args, f)),
  );
}

export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter((p) => p)) {
    const [k, ...v] = pair.split('=');
    if (!k || !v.length) throw new UsageError(`invalid label "${pair}": expected key=value`);
    labels[k] = v.join('=');
  }
  return labels;
}

async function run(s: Session, name: string, args: string[], f: RunFlags): Promise<number> {
  const labels = f.labels ? parseLabels(f.labels) : { run: name };
  const container: Container = { name, image: f.image };
  if (args.length) container.args = args;
  if (f.port !== undefined) {
    const port = Number(f.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new UsageError(`--port must be 1-65535, not "${f.port}"`);
    container.ports = [{ containerPort: port }];
  }
  const podSpec = { containers: [container], restartPolicy: 'Always' as const };
  if (f.replicas === undefined) {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: podSpec };
    await s.client.create('pods', s.namespace, pod, { fieldManager: 'k8ts-run' });
    s.io.out(`pod/${name} created\n`);
    return 0;
  }
  const replicas = Number(f.replicas);
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new UsageError(`--replicas must be a whole number >= 0, not "${f.replicas}"`);
  const rc: ReplicationController = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, labels },
    spec: { replicas, selector: labels, template: { metadata: { labels }, spec: podSpec } },
  };
  await s.client.create('replicationcontrollers', s.namespace, rc, { fieldManager: 'k8ts-run' });
  s.io.out(`replicationcontroller/${name} created\n`);
  return 0;
}
