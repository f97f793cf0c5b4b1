// `k8ts logs POD [-c C] [-f] [--tail N]`: a container's output through the apiserver (which asks the pod's
// kubelet), printed as it arrives; -f keeps following until the container ends or Ctrl-C.
import type { Command } from 'commander';
import type { Pod } from '../../api/types';
import { queryString, resourcePath } from '../../client/paths';
import { runVerb } from './action';
import { addGlobalFlags, type GlobalFlags } from './flags';
import { processIo, type Io } from './io';
import { openStream } from './raw-http';
import type { Session } from './session';
import { UsageError } from './usage-error';

interface LogsFlags extends GlobalFlags {
  container?: string;
  follow?: boolean;
  tail?: string;
  previous?: boolean;
}

export function registerLogs(program: Command, io: Io = processIo()): void {
  const cmd = program
    .command('logs')
    .description('print the logs of a container in a pod')
    .argument('<pod>', 'the pod (or pod/NAME)')
    .option('-c, --container <name>', 'the container (default: the pod’s first)')
    .option('-f, --follow', 'keep printing new output')
    .option('--tail <n>', 'only the last N lines')
    .option('-p, --previous', 'the previous instance of the container');
  addGlobalFlags(cmd).action((pod: string, f: LogsFlags) => runVerb(io, f, (s) => logs(s, pod, f)));
}

/** The container a pod verb acts on: -c, else the first (saying so when there were several, as kubectl does). */
export function pickContainer(s: Session, pod: Pod, wanted: string | undefined): string {
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (wanted) {
    if (!names.includes(wanted))
      throw new UsageError(
        `container ${wanted} is not valid for pod ${pod.metadata?.name}: choose one of [${names.join(' ')}]`,
      );
    return wanted;
  }
  if (names.length > 1) s.io.err(`Defaulted container "${names[0]}" out of: ${names.join(', ')}\n`);
  return names[0]!;
}

export const podName = (arg: string) => arg.replace(/^(pods?|po)\//, '');

async function logs(s: Session, arg: string, f: LogsFlags): Promise<number> {
  const name = podName(arg);
  const pod = await s.client.get<Pod>('pods', s.namespace, name);
  const container = pickContainer(s, pod, f.container);
  const path =
    resourcePath({ resource: 'pods', namespace: s.namespace, name, subresource: 'log' }) +
    queryString({
      container,
      follow: f.follow ? 'true' : undefined,
      tailLines: f.tail,
      previous: f.previous ? 'true' : undefined,
    });
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  s.io.signal.addEventListener('abort', onAbort);
  try {
    const res = await openStream(s.config, path, '*/*', `get pods ${name}`, abort.signal);
    await new Promise<void>((resolve) => {
      res.on('data', (c: Buffer) => s.io.out(c.toString('utf8')));
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', () => resolve());
    });
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  } finally {
    s.io.signal.removeEventListener('abort', onAbort);
  }
  return 0;
}
