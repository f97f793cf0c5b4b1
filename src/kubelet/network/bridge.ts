// The node bridge (DESIGN.md §4 step 2): one Linux bridge per node holding the pod range's gateway address.
// Creating it is idempotent, so the kubelet calls ensureBridge on every start. No NAT and no routes are added:
// the bridge only joins the node to its own pods.
import { hostRunner, isNotFound, type CommandRunner } from './command-runner';
import { parseCidr } from '../../util';
import { gatewayOf, POD_CIDR } from './ip-allocator';

export interface BridgeConfig {
  /** Link name, at most 15 characters (`cbr0` in production; tests use their own). */
  name: string;
  /** The node's pod range, e.g. 10.244.0.0/24; the bridge gets its first host address. */
  cidr: string;
}

export async function ensureBridge(config: BridgeConfig, runner: CommandRunner = hostRunner): Promise<void> {
  const { prefixLength } = parseCidr(config.cidr, POD_CIDR);
  if (!(await linkExists(config.name, runner))) {
    await runner.run('ip', ['link', 'add', config.name, 'type', 'bridge']);
  }
  await runner.run('ip', [
    'addr',
    'replace',
    `${gatewayOf(config.cidr)}/${prefixLength}`,
    'dev',
    config.name,
  ]);
  await runner.run('ip', ['link', 'set', config.name, 'up']);
}

/** Deletes the bridge (its veths are released, not deleted). Idempotent. */
export async function teardownBridge(name: string, runner: CommandRunner = hostRunner): Promise<void> {
  try {
    await runner.run('ip', ['link', 'del', name]);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export async function linkExists(name: string, runner: CommandRunner = hostRunner): Promise<boolean> {
  try {
    await runner.run('ip', ['link', 'show', 'dev', name]);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
