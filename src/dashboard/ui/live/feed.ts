// Feed: one resource kept live over the HTTP API the way client-go's reflector does it — list, then watch
// from the list's resourceVersion; a 410 Gone (an ERROR event or the HTTP status) relists; a dropped or
// refused connection is retried with exponential back-off from the last resourceVersion, and the state
// ('loading' → 'live', 'reconnecting' while the server is away) is reported so the page can show it.
// Fetch and the delay are passed in, so the tests drive it without a server or a real clock.
import { Backoff } from '../../../util/backoff';
import { readLines } from './lines';

/** What the feed needs of an object: its identity and revision (any API object has them). */
export interface KubeObject {
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export type FeedState = 'loading' | 'live' | 'reconnecting';
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface FeedSink {
  /** The full current list (after the first list and after every relist). */
  reset(items: KubeObject[]): void;
  event(type: EventType, obj: KubeObject): void;
  state(state: FeedState, error?: string): void;
}

export interface FeedOptions {
  /** Collection path, e.g. /api/v1/pods (all namespaces). */
  path: string;
  sink: FeedSink;
  fetch?: typeof fetch;
  /** Waits ms, or rejects when signal aborts. */
  delay?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoff?: { initialMs: number; maxMs: number };
}

class Gone extends Error {}

/** An HTTP error worded from the Status body when there is one. */
async function httpError(res: Response): Promise<Error> {
  if (res.status === 410) return new Gone('resourceVersion too old');
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { message?: string };
    if (body.message) message = `${res.status}: ${body.message}`;
  } catch {
    // not a Status: keep the HTTP status line
  }
  return new Error(message);
}

const realDelay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

export function startFeed(o: FeedOptions): { stop(): void } {
  const doFetch = o.fetch ?? ((input, init) => fetch(input, init));
  const delay = o.delay ?? realDelay;
  const backoff = new Backoff(o.backoff?.initialMs ?? 500, o.backoff?.maxMs ?? 8000);
  const abort = new AbortController();
  const signal = abort.signal;
  const sep = o.path.includes('?') ? '&' : '?';
  let rv: string | undefined;
  let goneInARow = 0;

  const list = async () => {
    const res = await doFetch(o.path, { signal, headers: { Accept: 'application/json' } });
    if (!res.ok) throw await httpError(res);
    const body = (await res.json()) as { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
    rv = body.metadata?.resourceVersion;
    o.sink.reset(body.items ?? []);
  };

  /** Watches until the server ends the stream; throws Gone to relist, anything else to back off. */
  const watch = async () => {
    const url = `${o.path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(rv ?? '')}`;
    const res = await doFetch(url, { signal });
    if (!res.ok || !res.body) throw await httpError(res);
    backoff.forget('watch');
    o.sink.state('live');
    let gone: Error | undefined;
    await readLines(res.body, (line) => {
      if (gone) return;
      const ev = JSON.parse(line) as {
        type: string;
        object: KubeObject & { code?: number; message?: string };
      };
      const objRv = ev.object?.metadata?.resourceVersion;
      if (ev.type === 'ERROR') {
        gone =
          ev.object.code === 410
            ? new Gone(ev.object.message)
            : new Error(ev.object.message ?? 'watch error');
        return;
      }
      if (objRv) rv = objRv;
      goneInARow = 0;
      if (ev.type === 'BOOKMARK') return;
      o.sink.event(ev.type as EventType, ev.object);
    });
    if (gone) throw gone;
  };

  void (async () => {
    let needList = true;
    o.sink.state('loading');
    while (!signal.aborted) {
      try {
        if (needList) {
          await list();
          needList = false;
        }
        await watch();
      } catch (e) {
        if (signal.aborted) return;
        // Relist at once on the first 410; a relist that is itself too old at once again waits its turn.
        if (e instanceof Gone && goneInARow++ === 0) {
          needList = true;
          continue;
        }
        needList ||= e instanceof Gone;
        o.sink.state('reconnecting', e instanceof Error ? e.message : String(e));
        try {
          await delay(backoff.next('watch'), signal);
        } catch {
          return;
        }
      }
    }
  })();

  return { stop: () => abort.abort(new Error('feed stopped')) };
}
