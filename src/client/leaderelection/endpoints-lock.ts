// EndpointsLock (client-go resourcelock.EndpointsLock): the lock is an Endpoints object with no
// subsets, created by the first candidate. Writes are conditional on the resourceVersion read, so of two
// candidates racing for one version exactly one succeeds; the other gets 409 Conflict and retries later.
import type { Endpoints } from '../../api/types';
import type { ClientInterface } from '../interface';
import { LEADER_ANNOTATION, parseLeaderRecord, type LeaderElectionRecord } from './leader-record';

/** What a read of the lock found: the record (if any) and the version a write must be conditional on. */
export interface LockState {
  record?: LeaderElectionRecord;
  /** The lock object as read; update() writes it back conditionally on its resourceVersion. */
  object: Endpoints;
}

export interface ResourceLock {
  /** undefined when the lock object does not exist yet. Rejects with the client's StatusError otherwise. */
  get(): Promise<LockState | undefined>;
  /** Creates the lock object holding record; 409 AlreadyExists when another candidate was first. */
  create(record: LeaderElectionRecord): Promise<void>;
  /** Replaces the record if the object is still at `state`'s version; 409 Conflict otherwise. */
  update(state: LockState, record: LeaderElectionRecord): Promise<void>;
  /** Human-readable, for logs: "kube-system/kube-controller-manager". */
  describe(): string;
}

export class EndpointsLock implements ResourceLock {
  constructor(
    private readonly client: ClientInterface,
    readonly namespace: string,
    readonly name: string,
  ) {}

  async get(): Promise<LockState | undefined> {
    let ep: Endpoints;
    try {
      ep = await this.client.get<Endpoints>('endpoints', this.namespace, this.name);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
    return { record: parseLeaderRecord(ep.metadata?.annotations?.[LEADER_ANNOTATION]), object: ep };
  }

  async create(record: LeaderElectionRecord): Promise<void> {
    await this.client.create<Endpoints>('endpoints', this.namespace, this.object(record));
  }

  async update(state: LockState, record: LeaderElectionRecord): Promise<void> {
    // The object keeps the resourceVersion it was read at: the server refuses the write if it moved on.
    const next = structuredClone(state.object);
    next.metadata = {
      ...next.metadata,
      annotations: { ...next.metadata?.annotations, [LEADER_ANNOTATION]: JSON.stringify(record) },
    };
    await this.client.update<Endpoints>('endpoints', this.namespace, next);
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  private object(record: LeaderElectionRecord): Endpoints {
    return {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: this.name,
        namespace: this.namespace,
        annotations: { [LEADER_ANNOTATION]: JSON.stringify(record) },
      },
    };
  }
}
