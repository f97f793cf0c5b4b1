// Creates and removes the multi-node network of topology.ts with `ip`: the host bridge, one namespace and veth
// per node, the routes on both sides, ip_forward inside each node. Every step is idempotent, so `up` runs it
// on every start; teardown removes whatever is there, a half-made topology included, and is a no-op after.
import { CommandError, execRunner, type CommandRunner } from '../kubelet/network';
import type { Topology } from './topology';

/** A link to delete that is already gone (a veth goes with its peer's namespace) is fine. */
const ignoreMissing = (err: unknown) => {
  if (!(err instanceof CommandError && /Cannot find device|does not exist/i.test(err.stderr))) throw err;
};

async function succeeds(runner: CommandRunner, cmd: string, args: string[]): Promise<boolean> {
  return runner.run(cmd, args).then(
    () => true,
    () => false,
  );
}

/** Names of the network namespaces that exist now. */
export async function listNetns(runner: CommandRunner = execRunner): Promise<string[]> {
  const out = await runner.run('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/** Names of the links in the current namespace. */
async function listLinks(runner: CommandRunner): Promise<string[]> {
  const out = await runner.run('ip', ['-o', 'link', 'show']);
  return [...out.matchAll(/^\d+:\s+([^:@\s]+)/gm)].map((m) => m[1]!);
}

export async function ensureTopology(t: Topology, runner: CommandRunner = execRunner): Promise<void> {
  if (!(await succeeds(runner, 'ip', ['link', 'show', 'dev', t.hostBridge])))
    await runner.run('ip', ['link', 'add', t.hostBridge, 'type', 'bridge']);
  await runner.run('ip', ['addr', 'replace', t.hostAddress, 'dev', t.hostBridge]);
  await runner.run('ip', ['link', 'set', t.hostBridge, 'up']);

  const existing = new Set(await listNetns(runner));
  for (const n of t.nodes) {
    if (!existing.has(n.netns)) await runner.run('ip', ['netns', 'add', n.netns]);
    const inNode = (args: string[]) => runner.run('ip', ['-n', n.netns, ...args]);
    // A host veth whose peer is not in the namespace (a namespace re-made after a crash) is useless: start over.
    if (!(await succeeds(runner, 'ip', ['-n', n.netns, 'link', 'show', 'dev', n.ifName]))) {
      await runner.run('ip', ['link', 'del', n.hostVeth]).catch(ignoreMissing);
      await runner.run('ip', [
        'link',
        'add',
        n.hostVeth,
        'type',
        'veth',
        'peer',
        'name',
        n.ifName,
        'netns',
        n.netns,
      ]);
    }
    await runner.run('ip', ['link', 'set', n.hostVeth, 'master', t.hostBridge]);
    await runner.run('ip', ['link', 'set', n.hostVeth, 'up']);
    await inNode(['link', 'set', 'lo', 'up']);
    await inNode(['addr', 'replace', `${n.ip}/${t.prefixLength}`, 'dev', n.ifName]);
    await inNode(['link', 'set', n.ifName, 'up']);
    // The node routes between its pods' bridge and the node network.
    await runner.run('ip', ['netns', 'exec', n.netns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const r of n.routes) await inNode(['route', 'replace', r.to, 'via', r.via, 'dev', n.ifName]);
    // Never a way off the machine, whatever put one there.
    await inNode(['route', 'del', 'default']).catch(() => undefined);
  }
  for (const r of t.hostRoutes)
    await runner.run('ip', ['route', 'replace', r.to, 'via', r.via, 'dev', t.hostBridge]);
}

/** Removes the host routes to the pod ranges, every namespace `<netnsPrefix><number>` (its kubelet's bridge
 * and pod veths go with it), every host veth `<hostBridge>-<number>` and the host bridge. Returns what it removed. */
export async function teardownTopology(
  t: Pick<Topology, 'hostBridge' | 'netnsPrefix' | 'hostRoutes'>,
  runner: CommandRunner = execRunner,
): Promise<string[]> {
  const removed: string[] = [];
  for (const r of t.hostRoutes)
    if (await succeeds(runner, 'ip', ['route', 'del', r.to, 'via', r.via])) removed.push(`route ${r.to}`);
  const ours = (prefix: string) => new RegExp(`^${prefix.replace(/[.]/g, '\\.')}\\d+$`);
  for (const ns of (await listNetns(runner)).filter((n) => ours(t.netnsPrefix).test(n))) {
    await runner.run('ip', ['netns', 'del', ns]);
    removed.push(`netns ${ns}`);
  }
  for (const link of (await listLinks(runner)).filter((l) => ours(`${t.hostBridge}-`).test(l))) {
    await runner.run('ip', ['link', 'del', link]).catch(ignoreMissing);
    removed.push(`link ${link}`);
  }
  if (await succeeds(runner, 'ip', ['link', 'show', 'dev', t.hostBridge])) {
    await runner.run('ip', ['link', 'del', t.hostBridge]).catch(ignoreMissing);
    removed.push(`bridge ${t.hostBridge}`);
  }
  return removed;
}
