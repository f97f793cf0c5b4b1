// One HTTP request with a deadline, for campaigns where a server may stall (its store lost quorum): the
// answer, or 'timeout' when the client gave up, or the transport error's code. Never rejects, so a load
// loop can count every outcome by name.
import http from 'node:http';

export interface Outcome {
  /** The HTTP status as a string ('201', '504'), 'timeout', or a socket error code ('ECONNRESET'). */
  code: string;
  status?: number;
  body: string;
  ms: number;
}

export function requestWithTimeout(
  agent: http.Agent,
  url: string,
  method: string,
  path: string,
  body: string | undefined,
  timeoutMs: number,
): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: Omit<Outcome, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...o, ms: Date.now() - started });
    };
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request(`${url}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        finish({
          code: String(res.statusCode),
          status: res.statusCode,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', (e: NodeJS.ErrnoException) => finish({ code: e.code ?? 'error', body: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ code: 'timeout', body: '' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ code: e.code ?? 'error', body: e.message }));
    req.end(body);
  });
}

/** Counts of outcome codes, printed as `201×812 504×3 timeout×1`. */
export class CodeCounts {
  private readonly counts = new Map<string, number>();
  add(code: string): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
  }
  get(code: string): number {
    return this.counts.get(code) ?? 0;
  }
  total(filter: (code: string) => boolean = () => true): number {
    let n = 0;
    for (const [c, k] of this.counts) if (filter(c)) n += k;
    return n;
  }
  toString(): string {
    return (
      [...this.counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, k]) => `${c}×${k}`)
        .join(' ') || 'none'
    );
  }
}
