// Pod wiring for the bridge plugin: a veth pair whose pod end is created directly inside the sandbox's network
// namespace as eth0 (so no temporary name can clash), addressed with the pod IP, default route via the bridge.
// The host end is attached to the bridge in hairpin mode: a pod reaching its own hostPort on the node address
// is DNATed back to itself by the bridge (br_netfilter), out of the port the frame came in on. Deleting the
// host end removes both ends.
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

export async function setUpPod(spec: PodNetworkSpec, runner: CommandRunner = hostRunner): Promise<void> {
  // A leftover from an interrupted set-up would make `ip link add` fail; start clean.
  await tearDownPod({ hostVeth: spec.hostVeth }, runner);
  await runner.run('ip', [
    'link',
    'add',
    spec.hostVeth,
    'type',
    'veth',
    'peer',
    'name',
    spec.ifName,
    'netns',
    spec.netnsPath,
  ]);
  await runner.run('ip', ['link', 'set', spec.hostVeth, 'master', spec.bridge]);
  await runner.run('ip', ['link', 'set', spec.hostVeth, 'type', 'bridge_slave', 'hairpin', 'on']);
  await runner.run('ip', ['link', 'set', spec.hostVeth, 'up']);
  const inPod = (args: string[]) => runner.run('nsenter', [`--net=${spec.netnsPath}`, 'ip', ...args]);
  await inPod(['link', 'set', 'lo', 'up']);
  await inPod(['addr', 'add', `${spec.podIp}/${spec.prefixLength}`, 'dev', spec.ifName]);
  await inPod(['link', 'set', spec.ifName, 'up']);
  await inPod(['route', 'replace', 'default', 'via', spec.gateway, 'dev', spec.ifName]);
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
