// `k8ts hollow-nodes`: flags → client → HollowNodePool. N hollow nodes (fake runtime, DESIGN.md §4) in one
// process register, heartbeat and "run" the pods bound to them, so one machine can stand in for a large
// cluster. --master or --kubeconfig says where the apiserver is (kubeconfig wins when both are given).
// SIGTERM/SIGINT stop every node and exit 0; their Node objects stay and go Unknown, as stopped kubelets' do.
import type { Command } from 'commander';

import { HollowNodePool, type HollowNodePoolOptions } from '../kubelet/hollow';
import { componentLogger } from '../util';
import { parseDuration } from '../util/duration';
import { componentClient, exitOnSignal } from './component';

export interface HollowNodesFlags {
  master?: string;
  kubeconfig?: string;
  count: string;
  podStartupMs: string;
  namePrefix: string;
  nodeStatusUpdateFrequency: string;
}

function intFlag(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`invalid ${flag} ${JSON.stringify(text)}: want an integer ≥ ${min}`);
  return n;
}

/** The pool's options from the flags (without the client); throws on a bad value, naming the flag. */
export function hollowNodesOptions(f: HollowNodesFlags): Omit<HollowNodePoolOptions, 'client'> {
  if (!f.namePrefix || !/^[a-z0-9]([-a-z0-9.]*)?$/.test(f.namePrefix))
    throw new Error(
      `invalid --name-prefix ${JSON.stringify(f.namePrefix)}: want lower case letters, digits, '-' or '.', starting with a letter or digit`,
    );
  return {
    count: intFlag('--count', f.count, 1),
    podStartupMs: intFlag('--pod-startup-ms', f.podStartupMs, 0),
    namePrefix: f.namePrefix,
    statusIntervalMs: parseDuration(f.nodeStatusUpdateFrequency, '--node-status-update-frequency'),
  };
}

export function registerHollowNodes(program: Command): void {
  program
    .command('hollow-nodes')
    .description('run N hollow nodes (fake runtime, no containers) against an apiserver')
    .option('--master <url>', 'the apiserver, e.g. http://127.0.0.1:8080')
    .option('--kubeconfig <file>', 'kubeconfig with the apiserver and credentials (overrides --master)')
    .requiredOption('--count <n>', 'how many nodes')
    .option('--pod-startup-ms <ms>', 'how long a pod takes to "start"', '0')
    .option('--name-prefix <prefix>', 'node names are the prefix and an index', 'hollow-node-')
    .option('--node-status-update-frequency <duration>', 'heartbeat period of every node', '10s')
    .action(async (flags: HollowNodesFlags) => {
      const options = hollowNodesOptions(flags);
      const client = componentClient('hollow-nodes', flags);
      const pool = new HollowNodePool({ ...options, client, log: componentLogger('hollow-nodes') });
      await pool.start();
      process.stdout.write(`${options.count} hollow nodes running (${options.namePrefix}0…)\n`);
      exitOnSignal(async () => {
        await pool.stop();
        client.close();
      });
    });
}
