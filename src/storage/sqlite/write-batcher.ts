// WriteBatcher: group commit. Writes issued in the same event-loop turn are applied, in call order, inside one
// SQLite transaction, and acknowledged only once it is durable (one fsync for the whole batch, off the event
// loop: see ./wal-sync). Each write is still checked and applied on its own: a failed compare-and-swap answers
// its caller and does not touch the others in the batch. Batches are published and answered in commit order.
import { StorageError } from '../store';

export interface PendingWrite<T> {
  apply(): T;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Turns a failed commit or fsync into the error every write of the batch is answered with. */
export type BatchFailure = (error: unknown, phase: 'commit' | 'sync') => StorageError;

const defaultFailure: BatchFailure = (error, phase) =>
  new StorageError(
    'Unavailable',
    '',
    `storage ${phase === 'commit' ? 'write' : 'sync'} failed: ${(error as Error).message}`,
  );

export class WriteBatcher {
  private pending: PendingWrite<unknown>[] = [];
  private scheduled = false;
  /** The previous batch's answers: each batch is answered after it, so publication stays in revision order. */
  private answered: Promise<void> = Promise.resolve();

  /**
   * @param runInTransaction runs the batch in one write transaction (committed when it returns)
   * @param afterCommit called once per batch right after commit; returns what to run once the batch is durable,
   *   before its callers are answered (publishing its events)
   * @param durable resolves once everything committed so far is on disk; a rejection fails the batch
   */
  constructor(
    private readonly runInTransaction: (fn: () => void) => void,
    private readonly afterCommit: () => () => void,
    private readonly durable: () => Promise<void> = () => Promise.resolve(),
    private readonly maxBatch = 1000,
    private readonly failure: BatchFailure = defaultFailure,
  ) {}

  /** Resolves once every batch committed so far has been answered. */
  settled(): Promise<void> {
    return this.answered;
  }

  /** Queues a write; apply() runs later inside the batch's transaction. */
  submit<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ apply, resolve, reject } as PendingWrite<unknown>);
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate, not a microtask: lets every client whose previous write was just answered queue its
        // next one first, so concurrent clients share a commit.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything queued now (also used by close). */
  flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.commit(batch);
    }
  }

  private commit(batch: PendingWrite<unknown>[]): void {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.runInTransaction(() => {
        for (const w of batch) {
          try {
            outcomes.push({ ok: true, value: w.apply() });
          } catch (error) {
            if (!(error instanceof StorageError)) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The transaction rolled back (disk full, I/O error, locked by another process): nothing was written.
      const failure = this.failure(error, 'commit');
      for (const w of batch) w.reject(failure);
      return;
    }
    const publish = this.afterCommit();
    const durable = this.durable();
    this.answered = this.answered
      .then(() => durable)
      .then(
        () => {
          publish();
          batch.forEach((w, i) => {
            const outcome = outcomes[i]!;
            if (outcome.ok) w.resolve(outcome.value);
            else w.reject(outcome.error);
          });
        },
        (error: unknown) => {
          const failure = this.failure(error, 'sync');
          for (const w of batch) w.reject(failure);
        },
      );
  }
}
