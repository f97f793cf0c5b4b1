// Pod wiring for the bridge plugin: a veth pair whose pod end is created directly inside the sandbox's network
// namespace as eth0 (so no temporary name can clash), addressed with the pod IP, default route via the bridge.
// The host end is attached to the bridge in hairpin mode: a pod reaching its own hostPort on the node address
// is DNATed back to itself by the bridge (br_netfilter), out of the port the frame came in on. Deleting the
// host end removes both ends.
// Two processes per pod, not one per step: the host side is one `ip -batch -` and the pod side one
// `nsenter ... ip -batch -` (a pod start on a busy node spent more time spawning `ip` than in the kernel).
import { hostRunner, isNotFound, type CommandRunner } from './command-runner';

export interface PodNetworkSpec {
  /** The sandbox's netns, `/proc/<pid>/ns/net`. */
  netnsPath: string;
  podIp: string;
  /** Prefix length of the pod range (24 for a /24). */
  prefixLength: number;
  /** The bridge address: the pod's default gateway. */
  gateway: string;
  bridge: string;
  /** Interface name inside the pod (`eth0`). */
  ifName: string;
  /** Host end of the veth, at most 15 characters (see hostVethName). */
  hostVeth: string;
}

/** `ip -batch` input: one command per line. */
const batch = (lines: string[][]) => lines.map((l) => l.join(' ') + '\n').join('');

/** Host side: the veth pair (pod end straight into the netns), on the bridge, hairpin, up. */
export function hostBatch(spec: PodNetworkSpec): string {
  const veth = spec.hostVeth;
  return batch([
    ['link', 'add', veth, 'type', 'veth', 'peer', 'name', spec.ifName, 'netns', spec.netnsPath],
    ['link', 'set', veth, 'master', spec.bridge, 'up'],
    ['link', 'set', veth, 'type', 'bridge_slave', 'hairpin', 'on'],
  ]);
}

/** Pod side, run inside the netns: loopback, the pod address, the default route via the bridge. */
export function podBatch(spec: PodNetworkSpec): string {
  return batch([
    ['link', 'set', 'lo', 'up'],
    ['addr', 'add', `${spec.podIp}/${spec.prefixLength}`, 'dev', spec.ifName],
    ['link', 'set', spec.ifName, 'up'],
    ['route', 'replace', 'default', 'via', spec.gateway, 'dev', spec.ifName],
  ]);
}

const leftOver = (err: unknown) => /File exists/i.test((err as { stderr?: string }).stderr ?? '');

export async function setUpPod(spec: PodNetworkSpec, runner: CommandRunner = hostRunner): Promise<void> {
  const host = hostBatch(spec);
  try {
    await runner.run('ip', ['-batch', '-'], host);
  } catch (err) {
    // A leftover of an interrupted set-up (same host veth name): remove it and start clean, once.
    if (!leftOver(err)) throw err;
    await tearDownPod({ hostVeth: spec.hostVeth }, runner);
    await runner.run('ip', ['-batch', '-'], host);
  }
  await runner.run('nsenter', [`--net=${spec.netnsPath}`, 'ip', '-batch', '-'], podBatch(spec));
}

/** Removes the pod's veth pair. Idempotent: a veth that is already gone (its netns died) is fine. */
export async function tearDownPod(
  spec: { hostVeth: string },
  runner: CommandRunner = hostRunner,
): Promise<void> {
  try {
    await runner.run('ip', ['link', 'del', spec.hostVeth]);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
