// Poller: runs an async check now and then every `intervalMs` on an injected clock, so the file and URL
// sources are timed by a FakeClock in tests. The next check is armed before the current one starts (a fixed
// rate); checks never overlap — a check that comes due while one runs starts right after it.
import type { Clock } from '../../util';

export class Poller {
  private stopped = false;
  private running = false;
  private dueAgain = false;
  private cancelTimer: (() => void) | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  /** `check` should not reject; a rejection is swallowed so one failure cannot end the polling. */
  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly check: () => Promise<void>,
  ) {}

  start(): void {
    this.tick();
  }

  /** Cancels the next check and waits for a running one to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    await this.inFlight;
  }

  private tick(): void {
    if (this.stopped) return;
    this.cancelTimer = this.clock.setTimeout(() => this.tick(), this.intervalMs);
    if (this.running) this.dueAgain = true;
    else this.runCheck();
  }

  private runCheck(): void {
    this.running = true;
    this.inFlight = this.check()
      .catch(() => {})
      .then(() => {
        this.running = false;
        if (this.dueAgain && !this.stopped) {
          this.dueAgain = false;
          this.runCheck();
        }
      });
  }
}
