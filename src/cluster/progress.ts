// Progress display for long CLI work: one line per step with its duration; a spinner when on a terminal.
export class Progress {
  private readonly tty: boolean;
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly total = 0,
  ) {
    this.tty = Boolean(out.isTTY);
  }
  private index = 0;

  async step<T>(title: string, work: (update: (detail: string) => void) => Promise<T>): Promise<T> {
    this.index++;
    const prefix = this.total ? `[${this.index}/${this.total}] ` : '';
    const started = Date.now();
    let detail = '';
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let frame = 0;
    const draw = () => {
      if (this.tty)
        this.out.write(
          `\r\x1b[K${frames[frame++ % frames.length]} ${prefix}${title}${detail ? ` (${detail})` : ''}`,
        );
    };
    const timer = this.tty ? setInterval(draw, 100) : undefined;
    if (!this.tty) this.out.write(`${prefix}${title} ...\n`);
    draw();
    try {
      const result = await work((d) => {
        detail = d;
      });
      this.finish(`✓ ${prefix}${title}`, started);
      return result;
    } catch (e) {
      this.finish(`✗ ${prefix}${title}`, started);
      throw e;
    } finally {
      if (timer) clearInterval(timer);
    }
  }

  private finish(line: string, started: number): void {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    this.out.write(`${this.tty ? '\r\x1b[K' : ''}${line} (${secs}s)\n`);
  }
}
