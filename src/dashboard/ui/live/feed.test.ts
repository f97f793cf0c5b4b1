import { describe, expect, it } from 'vitest';
import { startFeed, type FeedSink, type KubeObject } from './feed';

/** A watch body the test writes lines into and closes. */
function stream() {
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctl = c) });
  const enc = new TextEncoder();
  return {
    body,
    send: (ev: unknown) => ctl.enqueue(enc.encode(JSON.stringify(ev) + '\n')),
    close: () => ctl.close(),
  };
}

const pod = (name: string, rv: string) => ({ metadata: { name, namespace: 'default', resourceVersion: rv } });
const listOf = (rv: string, ...items: KubeObject[]) =>
  new Response(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: rv }, items }));

function recorder() {
  const log: string[] = [];
  const sink: FeedSink = {
    reset: (items) => log.push(`reset ${items.map((i) => i.metadata?.name).join(',')}`),
    event: (type, o) => log.push(`${type} ${o.metadata?.name}`),
    state: (s, err) => log.push(err ? `${s}: ${err}` : s),
  };
  return { log, sink };
}

/** Fetch that answers from a queue of handlers and records the URLs asked for. */
function fakeFetch(answers: ((url: string) => Response | Promise<Response>)[]) {
  const urls: string[] = [];
  const fn = (async (input: RequestInfo | URL) => {
    const url = String(input);
    urls.push(url);
    const next = answers.shift();
    if (!next) return new Promise<Response>(() => undefined); // never answers: the feed idles
    return next(url);
  }) as typeof fetch;
  return { fn, urls };
}

const settle = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setImmediate(r));
  expect(cond()).toBe(true);
};

describe('startFeed', () => {
  it('lists, then watches from the list resourceVersion and forwards events', async () => {
    const { log, sink } = recorder();
    const w = stream();
    const f = fakeFetch([() => listOf('10', pod('a', '9')), () => new Response(w.body)]);
    const feed = startFeed({ path: '/api/v1/pods', sink, fetch: f.fn });
    await settle(() => log.includes('live'));
    w.send({ type: 'ADDED', object: pod('b', '11') });
    w.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '12' } } });
    w.send({ type: 'DELETED', object: pod('a', '13') });
    await settle(() => log.length === 5);
    feed.stop();
    expect(log).toEqual(['loading', 'reset a', 'live', 'ADDED b', 'DELETED a']);
    expect(f.urls[1]).toBe('/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=10');
  });

  it('relists when the watch says 410 Gone', async () => {
    const { log, sink } = recorder();
    const w = stream();
    const f = fakeFetch([
      () => listOf('10', pod('a', '9')),
      () => new Response(w.body),
      () => listOf('50', pod('z', '49')),
    ]);
    const feed = startFeed({ path: '/api/v1/pods', sink, fetch: f.fn });
    await settle(() => log.includes('live'));
    w.send({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, message: 'too old resource version: 10 (40)' },
    });
    w.close();
    await settle(() => log.includes('reset z'));
    feed.stop();
    expect(f.urls[2]).toBe('/api/v1/pods');
  });

  it('reports reconnecting with the reason, backs off, and resumes from the last resourceVersion', async () => {
    const { log, sink } = recorder();
    const w1 = stream();
    const w2 = stream();
    const delays: number[] = [];
    const f = fakeFetch([
      () => listOf('10'),
      () => new Response(w1.body),
      () => Promise.reject(new TypeError('Failed to fetch')),
      () => new Response(JSON.stringify({ message: 'apiserver is shutting down' }), { status: 503 }),
      () => new Response(w2.body),
    ]);
    const feed = startFeed({
      path: '/api/v1/pods',
      sink,
      fetch: f.fn,
      delay: async (ms) => void delays.push(ms),
    });
    await settle(() => log.includes('live'));
    w1.send({ type: 'ADDED', object: pod('b', '11') });
    w1.close();
    await settle(() => log.filter((l) => l === 'live').length === 2);
    feed.stop();
    expect(log).toEqual([
      'loading',
      'reset ',
      'live',
      'ADDED b',
      'reconnecting: Failed to fetch',
      'reconnecting: 503: apiserver is shutting down',
      'live',
    ]);
    expect(delays).toEqual([500, 1000]);
    expect(f.urls[4]).toContain('resourceVersion=11');
  });

  it('backs off instead of spinning when every relist is at once too old again', async () => {
    const { log, sink } = recorder();
    const gone = () => {
      const w = stream();
      w.send({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } });
      w.close();
      return new Response(w.body);
    };
    const delays: number[] = [];
    const f = fakeFetch([() => listOf('10'), gone, () => listOf('11'), gone, () => listOf('12')]);
    const feed = startFeed({
      path: '/api/v1/pods',
      sink,
      fetch: f.fn,
      delay: async (ms) => void delays.push(ms),
    });
    await settle(() => f.urls.length === 6);
    feed.stop();
    expect(delays).toEqual([500]);
    expect(log).toContain('reconnecting: too old resource version');
  });
});
