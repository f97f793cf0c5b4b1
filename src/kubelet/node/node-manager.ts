// NodeManager: registers this kubelet's Node and heartbeats its status (nodes/<name>/status) every interval,
// with the Ready condition telling the truth about the container runtime. Registration is retried until it
// succeeds; a Node that already exists (a restarted kubelet) is taken over, and a podCIDR the controller
// assigned to it wins over the flag. A heartbeat that finds the Node deleted registers it again. While the Node
// is NotReady the runtime is asked again every second, and the node heartbeats as soon as it answers: after a
// runtime restart, a node (and `up`, which waits for Ready) should not wait out the rest of a 10 s interval.
import { isAlreadyExists, isNotFound } from '../../api/errors';
import type { Node } from '../../api/types';
import type { ClientInterface } from '../../client';
import type { Clock, Logger } from '../../util';
import { newNode, nodeConditions, nodeStatus, type NodeFacts, type RuntimeHealth } from './node-status';

export interface NodeManagerOptions {
  client: ClientInterface;
  facts: NodeFacts;
  clock: Clock;
  log: Logger;
  intervalMs: number;
  /** Asks the container runtime whether it works; must settle (time out) by itself. */
  health: () => Promise<RuntimeHealth>;
  /** Told when Ready changes, e.g. to record a NodeReady / NodeNotReady event. */
  onReadyChange?: (ready: boolean) => void;
  /** While NotReady: how often to ask the runtime whether it is back (default 1 s). */
  notReadyRecheckMs?: number;
}

export class NodeManager {
  private node: Node | undefined;
  private cancel: (() => void) | undefined;
  private running = false;
  private inFlight: Promise<void> = Promise.resolve();
  private lastReady: boolean | undefined;

  constructor(private readonly options: NodeManagerOptions) {}

  /** The Node as last registered or heartbeated. */
  get current(): Node | undefined {
    return this.node;
  }

  /** The pod range of this node: the one in the API when it has one, else the flag's. */
  get podCidr(): string | undefined {
    return this.node?.spec?.podCIDR ?? this.options.facts.podCidr;
  }

  /** Registers and heartbeats now, then every interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = undefined;
  }

  /** Resolves when the registration or heartbeat in progress has finished. */
  idle(): Promise<void> {
    return this.inFlight;
  }

  private tick(): void {
    this.cancel = undefined;
    this.inFlight = this.beat().catch((err: unknown) =>
      this.options.log.warn({ err: (err as Error).message }, 'node status update failed; will retry'),
    );
    void this.inFlight.then(() => {
      if (this.running) this.waitForNextBeat(this.options.clock.now() + this.options.intervalMs);
    });
  }

  /** Until `due`; sooner when the runtime comes back while the Node says NotReady. */
  private waitForNextBeat(due: number): void {
    const { clock, notReadyRecheckMs = 1000 } = this.options;
    const wait = due - clock.now();
    if (this.lastReady !== false || wait <= notReadyRecheckMs) {
      this.cancel = clock.setTimeout(() => this.tick(), wait);
      return;
    }
    this.cancel = clock.setTimeout(() => {
      this.cancel = undefined;
      this.inFlight = this.options.health().then(
        (health) => {
          if (!this.running) return;
          if (health.healthy) this.tick();
          else this.waitForNextBeat(due);
        },
        () => {
          if (this.running) this.waitForNextBeat(due);
        },
      );
    }, notReadyRecheckMs);
  }

  /** One registration (if needed) and heartbeat. */
  async beat(): Promise<void> {
    const health = await this.options.health();
    if (!this.node) await this.register(health);
    else await this.heartbeat(health);
    if (this.lastReady !== health.healthy) {
      this.lastReady = health.healthy;
      this.options.onReadyChange?.(health.healthy);
    }
  }

  private async register(health: RuntimeHealth): Promise<void> {
    const { client, facts, clock } = this.options;
    try {
      this.node = await client.create<Node>(
        'nodes',
        undefined,
        newNode(facts, nodeConditions(health, clock.now())),
      );
      this.options.log.info({ node: facts.nodeName }, 'node registered');
      return;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    let existing = await client.get<Node>('nodes', undefined, facts.nodeName);
    if (!existing.spec?.podCIDR && facts.podCidr) {
      const spec = { podCIDR: facts.podCidr, podCIDRs: [facts.podCidr] };
      existing = await client.patch<Node>('nodes', undefined, facts.nodeName, 'merge', { spec });
    }
    this.node = existing;
    this.options.log.info({ node: facts.nodeName }, 'node already registered; taking it over');
    await this.heartbeat(health);
  }

  private async heartbeat(health: RuntimeHealth): Promise<void> {
    const { client, facts, clock } = this.options;
    const conditions = nodeConditions(health, clock.now(), this.node?.status?.conditions);
    const body: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: facts.nodeName },
      status: nodeStatus(facts, conditions),
    };
    try {
      this.node = await client.updateStatus<Node>('nodes', undefined, body);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.node = undefined; // deleted by someone: register again now
      await this.register(health);
    }
  }
}
