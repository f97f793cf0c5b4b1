// `k8ts expose rc/NAME --port P`: a service named after the controller (or --name) that selects its pods
// (the RC's selector, as kubectl takes it), port P to --target-port (default P), of --type (default ClusterIP).
import type { Command } from 'commander';
import type { KubeObject, Service } from '../../api/types';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { parseTargets } from './resources';
import type { Session } from './session';
import { UsageError } from './usage-error';

interface ExposeFlags extends GlobalFlags {
  port: string;
  targetPort?: string;
  type?: string;
  name?: string;
  protocol?: string;
}

export function registerExpose(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('expose')
    .description('make a service for the pods of a replication controller (or a pod, or a service)')
    .argument('<type[/name]...>', 'e.g. rc/frontend')
    .requiredOption('--port <port>', 'the service port')
    .option('--target-port <port>', 'the pods’ port (number or name; default --port)')
    .option('--type <type>', 'ClusterIP, NodePort or LoadBalancer (default ClusterIP)')
    .option('--protocol <proto>', 'TCP or UDP (default TCP)')
    .option('--name <name>', 'the service name (default: the exposed object’s)');
  addGlobalFlags(cmd).action((args: string[], f: ExposeFlags) => runVerb(io, f, (s) => expose(s, args, f)));
}

const asPort = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);

async function expose(s: Session, args: string[], f: ExposeFlags): Promise<number> {
  const [t, ...more] = parseTargets(args);
  if (!t?.name || more.length)
    throw new UsageError('give exactly one object to expose, e.g. `expose rc/frontend --port 80`');
  const obj = await s.client.get<KubeObject>(t.info.resource, s.namespace, t.name);
  const spec = obj.spec as { selector?: Record<string, string> } | undefined;
  const selector = t.info.resource === 'pods' ? obj.metadata?.labels : spec?.selector;
  if (!selector || !Object.keys(selector).length)
    throw new UsageError(
      `couldn't retrieve selectors via --selector flag or introspection: ${t.info.singular} "${t.name}" has none`,
    );
  const port = Number(f.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`--port must be 1-65535, not "${f.port}"`);
  const name = f.name ?? t.name;
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: obj.metadata?.labels },
    spec: {
      selector,
      ports: [{ port, protocol: f.protocol ?? 'TCP', targetPort: asPort(f.targetPort ?? f.port) }],
      ...(f.type ? { type: f.type } : {}),
    },
  };
  await s.client.create('services', s.namespace, svc, { fieldManager: 'k8ts-expose' });
  s.io.out(`service/${name} exposed\n`);
  return 0;
}
