// NetworkPlugin: the seam the runtime drives to give a sandbox its IP. BridgeNetworkPlugin is the real one
// (a node bridge plus one veth per pod, and the pod's host ports when given a HostPortManager);
// FakeNetworkPlugin records calls for tests that need no root.
import { createHash } from 'node:crypto';
import { ensureBridge, teardownBridge } from './bridge';
import { hostRunner, type CommandRunner } from './command-runner';
import { parseCidr } from '../../util';
import type { HostPortManager } from './hostport-manager';
import type { HostPortMapping } from './hostport-rules';
import { gatewayOf, POD_CIDR } from './ip-allocator';
import { setUpPod, tearDownPod } from './pod-network';

export interface PodNetworkRequest {
  podUid: string;
  /** `/proc/<sandbox pid>/ns/net`. */
  netnsPath: string;
  podIp: string;
  /** `namespace/name`, for messages and rule comments. */
  podName?: string;
  /** The pod's container ports with a hostPort (see hostPortsOf). */
  hostPorts?: readonly HostPortMapping[];
}

export interface NetworkPlugin {
  /**
   * Wires the sandbox's netns to the node and opens its host ports. Safe to call again for the same pod (it
   * starts clean). Throws HostPortConflictError when another pod on the node holds one of its host ports.
   */
  setUpPod(req: PodNetworkRequest): Promise<void>;
  /** Unwires the pod and closes its host ports. Idempotent; fine after the sandbox is gone. */
  tearDownPod(podUid: string): Promise<void>;
  /** At kubelet start: drops what the plugin keeps for pods other than these (e.g. host port rules). */
  reconcile?(podUids: readonly string[]): Promise<void>;
}

/** The host end of a pod's veth: `prefix` + a hash of the pod uid, cut to Linux's 15-character limit. */
export function hostVethName(podUid: string, prefix = 'veth'): string {
  const hash = createHash('sha256').update(podUid).digest('hex');
  return (prefix + hash).slice(0, 15);
}

export interface BridgeNetworkOptions {
  bridge: string;
  cidr: string;
  /** Prefix of host veth names; tests pick their own so they cannot touch a running cluster's links. */
  vethPrefix?: string;
  runner?: CommandRunner;
  /** Opens pods' host ports; without it hostPort is ignored (as a CNI plugin without portmap does). */
  hostPorts?: HostPortManager;
}

export class BridgeNetworkPlugin implements NetworkPlugin {
  private readonly runner: CommandRunner;
  private readonly prefixLength: number;
  private readonly gateway: string;

  constructor(private readonly options: BridgeNetworkOptions) {
    this.runner = options.runner ?? hostRunner;
    this.prefixLength = parseCidr(options.cidr, POD_CIDR).prefixLength;
    this.gateway = gatewayOf(options.cidr);
  }

  /** Creates the bridge if missing (and the host port chains, adopting their rules). Call before the first pod. */
  async init(): Promise<void> {
    await ensureBridge({ name: this.options.bridge, cidr: this.options.cidr }, this.runner);
    await this.options.hostPorts?.init();
  }

  /** Deletes the bridge and the host port chains (k8ts down, tests). */
  async destroy(): Promise<void> {
    await this.options.hostPorts?.destroy();
    await teardownBridge(this.options.bridge, this.runner);
  }

  async reconcile(podUids: readonly string[]): Promise<void> {
    await this.options.hostPorts?.reconcile(podUids);
  }

  vethOf(podUid: string): string {
    return hostVethName(podUid, this.options.vethPrefix);
  }

  async setUpPod(req: PodNetworkRequest): Promise<void> {
    await setUpPod(
      {
        netnsPath: req.netnsPath,
        podIp: req.podIp,
        prefixLength: this.prefixLength,
        gateway: this.gateway,
        bridge: this.options.bridge,
        ifName: 'eth0',
        hostVeth: this.vethOf(req.podUid),
      },
      this.runner,
    );
    await this.options.hostPorts?.set({
      uid: req.podUid,
      name: req.podName ?? req.podUid,
      podIp: req.podIp,
      mappings: [...(req.hostPorts ?? [])],
    });
  }

  async tearDownPod(podUid: string): Promise<void> {
    await this.options.hostPorts?.remove(podUid);
    await tearDownPod({ hostVeth: this.vethOf(podUid) }, this.runner);
  }
}

export class FakeNetworkPlugin implements NetworkPlugin {
  /** Pods currently wired, by uid. */
  readonly pods = new Map<string, PodNetworkRequest>();
  readonly calls: string[] = [];

  async setUpPod(req: PodNetworkRequest): Promise<void> {
    this.calls.push(`setUp ${req.podUid} ${req.podIp}`);
    this.pods.set(req.podUid, req);
  }

  async tearDownPod(podUid: string): Promise<void> {
    this.calls.push(`tearDown ${podUid}`);
    this.pods.delete(podUid);
  }
}
