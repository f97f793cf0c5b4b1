// WatchRecorder: one client-go style watcher of pods — RetryWatcher from a resourceVersion, and on 410 a
// relist and a new watch from the list's version — that writes down everything it was told, so the watch
// campaign can check it afterwards: the events of each segment (one per list), and the state they build.
import type { StatusError } from '../../src/api/errors';
import { isGone } from '../../src/api/errors';
import { RetryWatcher, type ClientInterface, type WatchEvent } from '../../src/client';

export interface SeenEvent {
  type: string;
  name: string;
  rv: number;
  at: number;
}

/** Events delivered by one watch, started at `fromRv` (from R, or from a relist after a 410). */
export interface Segment {
  fromRv: number;
  /** When the watch started (for a relist: when the list answered). */
  at: number;
  events: SeenEvent[];
}

export class WatchRecorder {
  readonly segments: Segment[] = [];
  /** name → resourceVersion, as the events (and relists) built it. */
  readonly state = new Map<string, number>();
  lastRv: number;
  fatal: StatusError | undefined;
  private watcher: RetryWatcher | undefined;
  private stopped = false;

  constructor(
    private readonly client: ClientInterface,
    private readonly namespace: string,
    fromRv: string,
  ) {
    this.lastRv = Number(fromRv);
    this.watch(fromRv);
  }

  get relists(): number {
    return this.segments.length - 1;
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.stop();
  }

  private watch(rv: string): void {
    const segment: Segment = { fromRv: Number(rv), at: Date.now(), events: [] };
    this.segments.push(segment);
    this.watcher = new RetryWatcher(
      this.client,
      'pods',
      this.namespace,
      { resourceVersion: rv },
      (e) => this.receive(segment, e),
      (err) => void this.onFatal(err),
      { backoffBaseMs: 50, backoffMaxMs: 500 },
    );
  }

  private receive(segment: Segment, e: WatchEvent): void {
    const name = e.object.metadata?.name ?? '';
    const rv = Number(e.object.metadata?.resourceVersion);
    segment.events.push({ type: e.type, name, rv, at: Date.now() });
    if (e.type === 'DELETED') this.state.delete(name);
    else this.state.set(name, rv);
    this.lastRv = Math.max(this.lastRv, rv);
  }

  /** 410: the version is gone; list again (retrying while the server is away) and watch from there. */
  private async onFatal(err: StatusError): Promise<void> {
    if (!isGone(err)) {
      this.fatal = err;
      return;
    }
    while (!this.stopped) {
      try {
        const list = await this.client.list('pods', this.namespace);
        if (this.stopped) return;
        this.state.clear();
        for (const p of list.items) this.state.set(p.metadata!.name!, Number(p.metadata!.resourceVersion));
        this.lastRv = Number(list.metadata!.resourceVersion);
        return this.watch(list.metadata!.resourceVersion!);
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
