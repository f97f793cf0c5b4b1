// How long a key waits before its next retry. client-go's ItemExponentialFailureRateLimiter: 5 ms doubling per
// failure of that key, capped (1000 s by default), forgotten on success so the next failure starts small again.
import { Backoff } from '../../util';

export interface RateLimiter<K = string> {
  /** Records one more failure of key; answers the delay before it should be retried. */
  when(key: K): number;
  /** The key succeeded: its next failure waits the base delay again. */
  forget(key: K): void;
  /** Failures of key since it was last forgotten. */
  numRequeues(key: K): number;
}

export class ExponentialRateLimiter<K = string> implements RateLimiter<K> {
  private readonly backoff: Backoff;
  constructor(baseMs = 5, maxMs = 1000_000) {
    this.backoff = new Backoff(baseMs, maxMs);
  }
  when(key: K): number {
    return this.backoff.next(String(key));
  }
  forget(key: K): void {
    this.backoff.forget(String(key));
  }
  numRequeues(key: K): number {
    return this.backoff.failuresOf(String(key));
  }
}
