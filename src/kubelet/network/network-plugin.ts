// NetworkPlugin: the seam the runtime drives to give a sandbox its IP. BridgeNetworkPlugin is the real one
// (a node bridge plus one veth per pod); FakeNetworkPlugin records calls for tests that need no root.
import { createHash } from 'node:crypto';
import { ensureBridge, teardownBridge } from './bridge';
import { execRunner, type CommandRunner } from './command-runner';
import { parseCidr } from '../../util';
import { gatewayOf, POD_CIDR } from './ip-allocator';
import { setUpPod, tearDownPod } from './pod-network';

export interface PodNetworkRequest {
  podUid: string;
  /** `/proc/<sandbox pid>/ns/net`. */
  netnsPath: string;
  podIp: string;
}

export interface NetworkPlugin {
  /** Wires the sandbox's netns to the node. Safe to call again for the same pod (it starts clean). */
  setUpPod(req: PodNetworkRequest): Promise<void>;
  /** Unwires the pod. Idempotent; fine after the sandbox is gone. */
  tearDownPod(podUid: string): Promise<void>;
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
}

export class BridgeNetworkPlugin implements NetworkPlugin {
  private readonly runner: CommandRunner;
  private readonly prefixLength: number;
  private readonly gateway: string;

  constructor(private readonly options: BridgeNetworkOptions) {
    this.runner = options.runner ?? execRunner;
    this.prefixLength = parseCidr(options.cidr, POD_CIDR).prefixLength;
    this.gateway = gatewayOf(options.cidr);
  }

  /** Creates the bridge if missing. Call once before the first pod. */
  init(): Promise<void> {
    return ensureBridge({ name: this.options.bridge, cidr: this.options.cidr }, this.runner);
  }

  /** Deletes the bridge (k8ts down, tests). */
  destroy(): Promise<void> {
    return teardownBridge(this.options.bridge, this.runner);
  }

  vethOf(podUid: string): string {
    return hostVethName(podUid, this.options.vethPrefix);
  }

  setUpPod(req: PodNetworkRequest): Promise<void> {
    return setUpPod(
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
  }

  tearDownPod(podUid: string): Promise<void> {
    return tearDownPod({ hostVeth: this.vethOf(podUid) }, this.runner);
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
