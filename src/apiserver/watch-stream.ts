// Watch over HTTP: a chunked application/json response, one event per line, written as soon as the registry
// sends it. It stays open until the client leaves, timeoutSeconds passes or the server drains; the registry
// watch is stopped in every one of those cases. With a Table Accept each object becomes a one-row Table.
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
  const encode = (ev: WatchEventOut): KubeObject => {
    if (!o.table || (ev.type !== 'ADDED' && ev.type !== 'MODIFIED' && ev.type !== 'DELETED'))
      return ev.object;
    const table = tableOf(o.storage.info, [ev.object], {
      now: o.clock.now(),
      includeObject: o.table.includeObject,
      omitColumnDefinitions: !first,
    });
    first = false;
    return table;
  };
  const send = (ev: WatchEventOut) => {
    if (ended) return;
    let line: string;
    try {
      line = JSON.stringify({ type: ev.type, object: encode(ev) }) + '\n';
    } catch (err) {
      // Called from the registry's fan-out: a throw here must end this stream, not travel upstream.
      o.log.error({ err }, 'could not encode a watch event; ending the watch');
      end();
      return;
    }
    res.write(line);
    // A client that stops reading is cut off rather than buffered for without bound (kine's choice too):
    // it relists and watches again from where its list ends.
    if (res.writableLength > MAX_UNREAD_BYTES) end();
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
  started = true;
  for (const ev of early) send(ev);
}
