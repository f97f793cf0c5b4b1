// Watch over HTTP: a chunked application/json response, one event per line, written as soon as the registry
// sends it. It stays open until the client leaves, timeoutSeconds passes or the server drains; the registry
// watch is stopped in every one of those cases. With a Table Accept each object becomes a one-row Table.
// The watch cache hands the same frozen object to every watcher, so each event is encoded (and framed as an
// HTTP chunk) once per output format and the bytes are shared by all the streams that send it; WatchWriter
// puts them on the socket (DESIGN.md §3: fan-out must stay cheap).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../api/errors';
import type { KubeObject } from '../api/types';
import type {
  ResourceStorage,
  WatchEventOut,
  WatchHandle,
  WatchOptions,
  RequestContext,
} from '../registry/rest';
import type { Clock, Logger } from '../util';
import type { IncludeObject } from './negotiate';
import { tableOf } from './table-format';
import { framedLine, WatchWriter, type FramedLine } from './watch-writer';

export interface WatchStreamOptions {
  storage: ResourceStorage;
  ctx: RequestContext;
  options: WatchOptions & { timeoutSeconds?: number };
  table?: { includeObject: IncludeObject };
  clock: Clock;
  log: Logger;
  /** Registers the stream for draining; the returned function unregisters it. */
  track(end: () => void): () => void;
}

/** Unread output past which a watcher is dropped. */
const MAX_UNREAD_BYTES = 16 * 1024 * 1024;

/**
 * Encoded event lines by frozen object, then by format (event type, Table options, the second for ages).
 * They are kept for the rest of the event-loop turn only: the watch cache fans an event out to every watcher
 * synchronously, so that is when the bytes are shared, and the server does not hold a second copy of every
 * cached object. Unfrozen objects (per-watcher copies, errors, bookmarks) could still change: never kept.
 * The fan-out offers one object to a thousand watchers in a row, so the last line found is checked first,
 * and nothing on the way allocates (no closure per watcher and event).
 */
let sharedLines = new WeakMap<KubeObject, Map<string, FramedLine>>();
let last: { object: KubeObject; format: string; line: FramedLine } | undefined;
let forgetScheduled = false;

function forget(): void {
  sharedLines = new WeakMap();
  last = undefined;
  forgetScheduled = false;
}

/** The line already made this turn for a frozen object in this format, if any. */
function sharedLine(object: KubeObject, format: string): FramedLine | undefined {
  if (last !== undefined && last.object === object && last.format === format) return last.line;
  const line = sharedLines.get(object)?.get(format);
  if (line) last = { object, format, line };
  return line;
}

/** Frames `value` and, for a frozen object, keeps the bytes for the other watchers of this turn. */
function makeLine(object: KubeObject, format: string, value: unknown): FramedLine {
  const line = framedLine(JSON.stringify(value) + '\n');
  if (!Object.isFrozen(object)) return line;
  let lines = sharedLines.get(object);
  if (!lines) sharedLines.set(object, (lines = new Map()));
  lines.set(format, line);
  last = { object, format, line };
  if (!forgetScheduled) {
    forgetScheduled = true;
    setImmediate(forget);
  }
  return line;
}

function writeHeaders(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
    'Cache-Control': 'no-cache, private',
  });
  res.flushHeaders();
}

/** Serves one watch. Resolves once the stream is set up; the response then lives on by itself. */
export async function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  o: WatchStreamOptions,
): Promise<void> {
  let handle: WatchHandle | undefined;
  let ended = false;
  let first = true;
  const writer = new WatchWriter(res);
  const encode = (ev: WatchEventOut): FramedLine => {
    if (!o.table || (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED'))
      return (
        sharedLine(ev.object, ev.type) ?? makeLine(ev.object, ev.type, { type: ev.type, object: ev.object })
      );
    const { includeObject } = o.table;
    const now = o.clock.now();
    // A row depends on the object and, through ages, on `now`; ages count whole seconds.
    const format = `${ev.type} table ${includeObject} ${first ? 'columns' : 'rows'} ${Math.floor(now / 1000)}`;
    const omitColumnDefinitions = !first;
    first = false;
    return (
      sharedLine(ev.object, format) ??
      makeLine(ev.object, format, {
        type: ev.type,
        object: tableOf(o.storage.info, [ev.object], { now, includeObject, omitColumnDefinitions }),
      })
    );
  };
  const send = (ev: WatchEventOut) => {
    if (ended) return;
    let line: FramedLine;
    try {
      line = encode(ev);
    } catch (err) {
      // Called from the registry's fan-out: a throw here must end this stream, not travel upstream.
      o.log.error({ err }, 'could not encode a watch event; ending the watch');
      end();
      return;
    }
    writer.write(line);
    // A client that stops reading is cut off rather than buffered for without bound (kine's choice too):
    // it relists and watches again from where its list ends.
    if (writer.unread > MAX_UNREAD_BYTES) end();
  };
  const cancelTimer = o.options.timeoutSeconds
    ? o.clock.setTimeout(() => end(), o.options.timeoutSeconds * 1000)
    : undefined;
  const untrack = o.track(() => end());
  const end = () => {
    if (ended) return;
    ended = true;
    handle?.stop();
    cancelTimer?.();
    untrack();
    writer.flush();
    res.end();
  };
  res.on('close', end);
  req.on('close', () => {
    if (req.destroyed || res.destroyed) end();
  });

  const { timeoutSeconds: _t, ...watchOptions } = o.options;
  // The watch is set up before the headers go out, so a bad selector or an expired revision is a plain 4xx.
  // Events the registry sends meanwhile (the initial ADDED ones) are written after the headers.
  const early: WatchEventOut[] = [];
  let started = false;
  try {
    handle = await o.storage.watch(o.ctx, watchOptions, (ev) => (started ? send(ev) : early.push(ev)));
  } catch (e) {
    // An expired revision is reported the way Kubernetes does: a 200 stream holding one ERROR event.
    if (e instanceof StatusError && e.code === 410 && !ended) {
      writeHeaders(res);
      writer.start();
      started = true;
      send({ type: 'ERROR', object: e.toStatus() as KubeObject });
      end();
      return;
    }
    ended = true;
    cancelTimer?.();
    untrack();
    throw e;
  }
  if (ended) {
    handle.stop();
    return;
  }
  writeHeaders(res);
  writer.start();
  started = true;
  for (const ev of early) send(ev);
}
