// Exponential back-off per key, as client-go's ItemExponentialFailureRateLimiter: base doubling to a cap.

export class Backoff {
  private failures = new Map<string, number>();
  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
  ) {}

  /** Records a failure of key and returns how long to wait before the next try. */
  next(key: string): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** n);
  }

  failuresOf(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}
