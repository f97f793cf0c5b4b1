// HostPortManager: keeps the node's hostPort NAT rules equal to the pods it was told about. It holds the desired
// set in memory and, on every change, replaces both of its chains in one iptables-restore transaction
// (see hostport-rules.ts for the rules). At start it adopts the rules already in the kernel, so a restarted
// kubelet does not cut its running pods off; reconcile() then drops the rules of pods that no longer run.
// Operations are serialized: two pods set up at once cannot interleave their restores.
import { hostRunner, type CommandRunner } from './command-runner';
import {
  DEFAULT_HOSTPORT_CHAIN,
  findConflict,
  jumpRules,
  masqChainOf,
  parseHostPortRules,
  renderHostPortRules,
  validateChainName,
  type HostPortChains,
  type PodHostPorts,
} from './hostport-rules';
import { parseIPv4 } from '../../util';

export interface HostPortManagerOptions {
  /** The node address host ports are opened on (the kubelet's --node-ip). */
  nodeIp: string;
  /** The node's pod range: pods reaching a host port are masqueraded. */
  podCidr?: string;
  /** Default K8TS-HOSTPORTS; tests use their own. */
  chain?: string;
  runner?: CommandRunner;
}

/** A pod asks for a host port another pod on this node already holds. */
export class HostPortConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostPortConflictError';
  }
}

const WAIT = ['-w', '5']; // other writers of the nat table (the proxy, Docker) hold the xtables lock briefly

export class HostPortManager {
  readonly chains: HostPortChains;
  private readonly runner: CommandRunner;
  private readonly pods = new Map<string, PodHostPorts>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: HostPortManagerOptions) {
    const chain = options.chain ?? DEFAULT_HOSTPORT_CHAIN;
    validateChainName(chain);
    parseIPv4(options.nodeIp);
    this.chains = { chain, nodeIp: options.nodeIp, ...(options.podCidr ? { podCidr: options.podCidr } : {}) };
    this.runner = options.runner ?? hostRunner;
  }

  /** Adopts the rules in the kernel, creates the chains if missing and ensures the jumps. Idempotent. */
  init(): Promise<void> {
    return this.serial(async () => {
      for (const pod of parseHostPortRules(this.chains.chain, await this.save())) this.pods.set(pod.uid, pod);
      await this.apply();
      await this.ensureJumps();
    });
  }

  /** Keeps the rules of these pods only (the kubelet's start: everything else belongs to pods that are gone). */
  reconcile(runningPodUids: Iterable<string>): Promise<void> {
    const keep = new Set(runningPodUids);
    return this.serial(async () => {
      const gone = [...this.pods.keys()].filter((uid) => !keep.has(uid));
      for (const uid of gone) this.pods.delete(uid);
      if (gone.length) await this.apply();
    });
  }

  /**
   * Opens the pod's host ports (replacing what it had). Throws HostPortConflictError when another pod holds one
   * of them; nothing changes then. No command runs when nothing changes.
   */
  set(pod: PodHostPorts): Promise<void> {
    return this.serial(async () => {
      const had = this.pods.get(pod.uid);
      if (!had && !pod.mappings.length) return;
      if (had && JSON.stringify(had) === JSON.stringify(pod)) return;
      const conflict = findConflict(this.pods.values(), pod);
      if (conflict) {
        const { mapping: m, owner } = conflict;
        throw new HostPortConflictError(
          `hostPort ${m.hostPort}/${m.protocol} of pod ${pod.name} is already used by pod ${owner.name} on this node`,
        );
      }
      if (pod.mappings.length) this.pods.set(pod.uid, structuredClone(pod));
      else this.pods.delete(pod.uid);
      await this.apply();
    });
  }

  /** Closes the pod's host ports. Idempotent; no command runs for a pod without any. */
  remove(podUid: string): Promise<void> {
    return this.serial(async () => {
      if (!this.pods.delete(podUid)) return;
      await this.apply();
    });
  }

  /** The pods with open host ports (what the rules hold). */
  list(): PodHostPorts[] {
    return [...this.pods.values()].map((p) => structuredClone(p));
  }

  /** Removes the jumps and both chains (k8ts down, tests). Idempotent. */
  destroy(): Promise<void> {
    return this.serial(async () => {
      await removeHostPortChains(this.chains.chain, this.runner);
      this.pods.clear();
    });
  }

  private apply(): Promise<string> {
    return this.runner.run(
      'iptables-restore',
      [...WAIT, '--noflush'],
      renderHostPortRules(this.chains, [...this.pods.values()]),
    );
  }

  private save(): Promise<string> {
    return this.runner.run('iptables-save', ['-t', 'nat']);
  }

  private async ensureJumps(): Promise<void> {
    for (const jump of jumpRules(this.chains)) {
      if (await this.succeeds(['-t', 'nat', '-C', jump.from, ...jump.args])) continue;
      await this.runner.run('iptables', [...WAIT, '-t', 'nat', '-A', jump.from, ...jump.args]);
    }
  }

  private async succeeds(args: string[]): Promise<boolean> {
    try {
      await this.runner.run('iptables', [...WAIT, ...args]);
      return true;
    } catch {
      return false;
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Removes a hostport chain pair and every jump into them, whatever node address or pod range the jumps were
 * made for (a `k8ts down` does not need the kubelet's state), in one transaction. Resolves to whether anything
 * was there. Idempotent.
 */
export async function removeHostPortChains(
  chain: string = DEFAULT_HOSTPORT_CHAIN,
  runner: CommandRunner = hostRunner,
): Promise<boolean> {
  const chains = [chain, masqChainOf(chain)];
  const saved = (await runner.run('iptables-save', ['-t', 'nat'])).split('\n');
  const jumps = saved.filter(
    (l) => /^-A (PREROUTING|OUTPUT|POSTROUTING) /.test(l) && chains.some((c) => l.endsWith(` -j ${c}`)),
  );
  const present = chains.filter((c) => saved.some((l) => l.startsWith(`:${c} `)));
  if (!jumps.length && !present.length) return false;
  const lines = ['*nat', ...jumps.map((l) => `-D${l.slice(2)}`)];
  for (const c of present) lines.push(`:${c} - [0:0]`, `-X ${c}`); // declaring flushes it, so it can go
  await runner.run('iptables-restore', [...WAIT, '--noflush'], [...lines, 'COMMIT', ''].join('\n'));
  return true;
}
