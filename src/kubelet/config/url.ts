// UrlSource (--manifest-url): GETs a URL every `intervalMs` (20 s, --http-check-frequency); the body is one
// manifest or many, in either format (see parseManifests). An empty body means no pods. A failed request, a
// non-2xx answer or an unreadable body keeps the last good set and is reported; until the first success the
// update is marked incomplete, so the kubelet does not kill static pods it simply has not heard of yet.
import { errors } from '../../api/errors';
import type { Pod } from '../../api/types';
import { realClock, type Clock } from '../../util';
import { sourceError, staticPodsFrom } from './manifests';
import { Poller } from './poller';
import type { PodSource, SourceUpdate } from './types';

export interface UrlSourceOptions {
  url: string;
  nodeName: string;
  intervalMs?: number;
  /** A request taking longer than this is abandoned and reported (default 10 s). */
  requestTimeoutMs?: number;
  clock?: Clock;
}

export class UrlSource implements PodSource {
  readonly name = 'http';
  private readonly poller: Poller;
  private readonly clock: Clock;
  private lastGood: Pod[] | undefined;
  private emit: (update: SourceUpdate) => void = () => {};

  constructor(private readonly options: UrlSourceOptions) {
    this.clock = options.clock ?? realClock;
    this.poller = new Poller(this.clock, options.intervalMs ?? 20_000, () => this.check());
  }

  start(emit: (update: SourceUpdate) => void): void {
    this.emit = emit;
    this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  private async check(): Promise<void> {
    const { url, nodeName } = this.options;
    try {
      const pods = staticPodsFrom(await this.fetchText(), url, this.name, nodeName);
      this.lastGood = pods;
      this.emit({ source: this.name, pods, errors: [] });
    } catch (e) {
      this.emit({
        source: this.name,
        pods: this.lastGood ?? [],
        errors: [sourceError(this.name, url, e)],
        ...(this.lastGood === undefined && { incomplete: true }),
      });
    }
  }

  private async fetchText(): Promise<string> {
    const { url } = this.options;
    const abort = new AbortController();
    const cancel = this.clock.setTimeout(() => abort.abort(), this.options.requestTimeoutMs ?? 10_000);
    try {
      const res = await fetch(url, {
        signal: abort.signal,
        headers: { accept: 'application/yaml, application/json' },
      });
      const text = await res.text();
      if (!res.ok)
        throw errors.unavailable(`GET ${url}: the server answered ${res.status} ${res.statusText}`.trimEnd());
      return text;
    } catch (e) {
      if (abort.signal.aborted) throw errors.timeout(`GET ${url}: no answer within the request timeout`);
      if (e instanceof TypeError) {
        const cause = (e as { cause?: Error }).cause?.message ?? e.message;
        throw errors.unavailable(`GET ${url}: ${cause}`);
      }
      throw e;
    } finally {
      cancel();
    }
  }
}
