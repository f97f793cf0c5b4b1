// EtcdWatch: one Store watch on etcd's native watch (start revision afterRevision+1, with prevKv).
// The etcd3 client silently re-creates a watch stream after a disconnect and, on re-connect, moves its start
// revision to the server's header revision — which can skip events. So a disconnect ends this watcher with
// 'Unavailable' (the contract), and a cancelled watch is probed: compaction → 'TooOld', else 'Unavailable'.
import { Range, type Etcd3, type IEvent, type Watcher as EtcdWatcher } from 'etcd3';
import { StorageError, type StoreEvent, type Watcher } from '../store';
import { translateEtcdError } from './etcd-errors';

export interface EtcdWatchTarget {
  client: Etcd3;
  /** Full etcd prefix to watch (store prefix + caller's prefix). */
  etcdPrefix: string;
  /** Length of the store prefix, removed from every key handed out. */
  stripLength: number;
}

export class EtcdWatch implements Watcher {
  private stopped = false;
  private watcher: EtcdWatcher | undefined;
  private last: number;

  constructor(
    private readonly target: EtcdWatchTarget,
    afterRevision: number,
    private readonly onEvent: (event: StoreEvent) => void,
    private readonly onError: (error: StorageError) => void,
    private readonly onStop: (w: EtcdWatch) => void,
  ) {
    this.last = afterRevision;
    void this.start();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.onStop(this);
    this.watcher?.cancel().catch(() => {});
  }

  private async start(): Promise<void> {
    // etcd lets a watch start exactly at the compacted revision and then silently lacks a tombstone there;
    // the contract says afterRevision < compacted revision is 'TooOld', so ask first.
    const unreadable = await this.probe(this.last);
    if (unreadable) return this.fail(unreadable);
    if (this.stopped) return;
    const w = this.target.client
      .watch()
      .inRange(Range.prefix(this.target.etcdPrefix))
      .startRevision(String(this.last + 1))
      .withPreviousKV()
      .watcher();
    this.watcher = w;
    w.on('data', (res: { events: IEvent[] }) => this.deliver(res.events));
    w.on('disconnected', (err: Error) => this.fail(translateEtcdError(err, this.target.etcdPrefix)));
    w.on('error', () => void this.onCancelled());
  }

  private deliver(events: IEvent[]): void {
    for (const ev of events) {
      if (this.stopped) return;
      const revision = Number(ev.kv.mod_revision);
      if (revision <= this.last) continue;
      this.last = revision;
      this.onEvent(this.toStoreEvent(ev, revision));
    }
  }

  private toStoreEvent(ev: IEvent, revision: number): StoreEvent {
    const key = ev.kv.key.toString().slice(this.target.stripLength);
    const prevValue = ev.prev_kv?.value.toString();
    if (ev.type === 'Delete') return { type: 'delete', key, value: prevValue ?? '', prevValue, revision };
    const value = ev.kv.value.toString();
    if (ev.kv.create_revision === ev.kv.mod_revision) return { type: 'create', key, value, revision };
    return { type: 'update', key, value, prevValue, revision };
  }

  private async onCancelled(): Promise<void> {
    const unreadable = await this.probe(this.last);
    this.fail(
      unreadable ?? new StorageError('Unavailable', this.target.etcdPrefix, 'etcd cancelled the watch'),
    );
  }

  /** Reads at `revision`: 'TooOld' if history after it is compacted away, 'Unavailable' if etcd is unreachable. */
  private async probe(revision: number): Promise<StorageError | undefined> {
    try {
      await this.target.client.kv.range({
        key: Buffer.from(this.target.etcdPrefix || '\0'),
        revision: Math.max(revision, 1),
        keys_only: true,
        limit: 1,
      });
      return undefined;
    } catch (err) {
      return translateEtcdError(err, this.target.etcdPrefix);
    }
  }

  private fail(error: StorageError): void {
    if (this.stopped) return;
    this.stop();
    this.onError(error);
  }
}
